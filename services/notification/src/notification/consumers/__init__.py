"""Kafka consumers: decode (done by the chassis), then call one use case."""
