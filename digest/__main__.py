from digest.cli import run

# Guarded: worker processes started with "spawn" import this module again.
if __name__ == "__main__":
    run()
