"""`python -m placement`: run the placement service."""

from placement.app import build

runtime, app = build()

if __name__ == "__main__":
    runtime.serve(app)
