"""`python -m allowance`: run the allowance service until SIGINT/SIGTERM."""

from allowance.app import build


def main() -> None:
    runtime, app = build()
    runtime.serve(app)


if __name__ == "__main__":
    main()
