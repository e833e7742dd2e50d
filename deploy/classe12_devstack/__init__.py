"""Run the whole platform on one machine: SecantusDB, RabbitMQ, four services, the gateway."""
