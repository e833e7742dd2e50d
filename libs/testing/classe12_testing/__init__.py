"""Classe à 12 test tooling: real servers for tests, contract checks, the replacement kit.

Never installed in an image. SecantusDB (GPL-2.0, a development tool) is not a dependency:
install it beside this package (`pip install -c constraints.txt secantusdb`) or point
TEST_MONGO_URI at a real MongoDB.
"""
__version__ = "1.0.0"
