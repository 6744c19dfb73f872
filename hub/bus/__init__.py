"""The bus: topology, publisher with confirms, consumer base with retries and parking lot."""
