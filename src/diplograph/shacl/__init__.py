"""SHACL validation that scales: the shapes compiled to SPARQL and run on a pyoxigraph Store.

model.py reads the shapes into typed dataclasses (refusing unsupported features), compile.py turns each
constraint into one query over all named graphs, run.py executes them and returns
diplograph.validate.Violation values, reporting the same violations as pySHACL (inference "none") would
for each named graph validated on its own.
"""

from .model import ShapesModel, UnsupportedShapeFeature, read_shapes, shape_key
from .run import validate_store

__all__ = ["ShapesModel", "UnsupportedShapeFeature", "read_shapes", "shape_key", "validate_store"]
