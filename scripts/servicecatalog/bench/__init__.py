"""Benchmark and the synthetic catalogue it builds."""
