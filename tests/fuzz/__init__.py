"""A fuzz harness for claimref: mutated BibTeX, claim, people and import files, each run in a forked
child with a time and a memory limit, judged for tracebacks, crashes, slowness, memory and broken
input accepted without a word.

``python -m tests.fuzz`` runs a campaign (see README.md); ``tests/test_fuzz_share.py`` runs a fixed
share of it with the test suite. Modules: ``seeds`` (the real files); ``ops``, ``bibops``,
``yamlops``, ``importops`` and ``ruleops`` (mutations; ``bibscan`` finds BibTeX entries); ``cases``
(a case from seed and index); ``target`` (what the child runs); ``runner`` (forking, limits);
``report`` and ``findings`` (judging, the table, reproducers).
"""
