"""kcc-mock: a faithful mock provider and contract-test toolkit for the Klantinteracties API."""

from kcc_mock.config import API_VERSION, DEFAULT_TOKEN, Settings
from kcc_mock.provider.errors import FieldError, NotFound, ProviderError, ValidationFailed
from kcc_mock.provider.operations import Provider
from kcc_mock.provider.spec import Spec
from kcc_mock.provider.store import Store

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
