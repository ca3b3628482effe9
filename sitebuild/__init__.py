"""The site's build: MkDocs hooks and macros, the Pyodide bundle, and the server `make serve` runs.

- `release`, `pyodide_bundle`, `csp`, `precompress`: MkDocs hooks, in that order (mkdocs.yml).
- `build`: a strict build into a folder, for the tests and the benchmark.
- `macros`: the mkdocs-macros module (policy values, tables, the process diagram, the tool's data).
- `serve`: a static server that sends the build's gzip copies and caching headers (`python -m sitebuild.serve`).
- `bytecode_wheel.py`, `compile_wheels.mjs`, `make_snapshot.mjs`: run under Node by `pyodide_bundle`.
"""
