"""Use cases: one module-level async function per use case, one transaction each."""
