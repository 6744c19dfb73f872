"""One module per service on RabbitMQ, each a small class over the consumer base."""
