"""`python -m notification`: run the notification service."""

from notification.app import build


def main() -> None:
    """Build the service and serve it until SIGINT/SIGTERM."""
    runtime, app = build()
    runtime.serve(app)


if __name__ == "__main__":
    main()
