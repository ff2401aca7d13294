"""The notification service's own database: recipients and notices."""
