"""kcc-mock: a faithful mock provider and contract-test toolkit for the Klantinteracties API."""

from .config import API_VERSION, DEFAULT_TOKEN, Settings
from .errors import FieldError, NotFound, ProviderError, ValidationFailed
from .provider import Provider
from .spec import Spec
from .store import Store

__version__ = "0.1.0"

__all__ = [
    "API_VERSION",
    "DEFAULT_TOKEN",
    "FieldError",
    "NotFound",
    "Provider",
    "ProviderError",
    "Settings",
    "Spec",
    "Store",
    "ValidationFailed",
    "__version__",
]
