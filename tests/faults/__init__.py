"""Helpers for the write path's proofs (issue 11 §5, issue 10 "Data loss"): kill -9 trials and
concurrent writers, shared by tests/test_fault_injection.py, tests/test_concurrent_edits.py and the
by-hand driver bench/trials.py. They copy the bundled dataset, run claimref commands in real processes
and compare what is on disk afterwards; they never change claimref itself.
"""
