"""``python -m claimref``: the same as the ``claimref`` command."""

from claimref.entry import main

if __name__ == "__main__":
    main()
