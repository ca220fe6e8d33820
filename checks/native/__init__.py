"""Native probes (ctypes, COM, PyObjC) that return JSON-able data; registered in checks.registry."""
