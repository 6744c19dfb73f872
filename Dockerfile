# The hub as one image; docker-compose.yml runs it beside RabbitMQ, PostgreSQL,
# Prometheus and Grafana.
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY canonical canonical
COPY adapters adapters
COPY routing routing
COPY consumers consumers
COPY hub hub
COPY benchmarks benchmarks
RUN pip install --no-cache-dir .
COPY config config
COPY samples samples
ENV ORDERHUB_METRICS_HOST=0.0.0.0
EXPOSE 9464
CMD ["orderhub", "run", "-v"]
