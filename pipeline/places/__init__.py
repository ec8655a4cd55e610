"""Places: the registry of provinces, districts, communes and hamlets, its index, and placing rows in it.

The rest uses `load_registry` / `Registry`, `PlaceIndex` (`index_of` keeps one per registry) and
`resolve_places`; the word lists and matching details stay inside.
"""

from .files import district_of_each_file, districts_of_files, file_district
from .index import PlaceIndex, PlaceMatch, index_of, is_hamlet_team
from .registry import Registry, RegistryError, describe_source, load_registry, registry_summary
from .resolve import resolve_places

__all__ = [
    "PlaceIndex",
    "PlaceMatch",
    "Registry",
    "RegistryError",
    "describe_source",
    "district_of_each_file",
    "districts_of_files",
    "file_district",
    "index_of",
    "is_hamlet_team",
    "load_registry",
    "registry_summary",
    "resolve_places",
]
