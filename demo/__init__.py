"""Demo content: the sample site that `make run`, the browser tests and the benchmarks use.

`load_demo` adds the Pakistan–Libya analysis and sample people, articles and updates
(demo/loader.py); `generate_content` makes a large synthetic archive for benchmarks.
The demo knows every content type, so it sits beside the project, above the content apps.
"""
