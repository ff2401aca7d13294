"""`python -m reporting`: run the reporting service."""

from reporting.app import build


def main() -> None:
    runtime, app = build()
    runtime.serve(app)


if __name__ == "__main__":
    main()
