"""The benchmark's data sets (registry CSV and inbox), generated once and cached under benchmarks/.data/.

A cached data set is reused while GENERATOR_VERSION and SEED are unchanged: its manifest.json, written
last, names both; bump GENERATOR_VERSION whenever the generator's output changes.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import partial
from multiprocessing import get_context
from pathlib import Path

from . import places
from .plan import FilePlan, plan_inbox
from .workbook import write_file

GENERATOR_VERSION = 3
SEED = 2022
DATA_DIR = Path(__file__).resolve().parent / ".data"
PROVINCE = "Tỉnh Bến Tre"  # 9 districts, 157 communes: about 110 files and 7,000 rows
TINY_PROVINCES = ("Tỉnh Bến Tre", "Tỉnh Trà Vinh", "Tỉnh Vĩnh Long")


@dataclass(frozen=True)
class Dataset:
    """A generated data set: where its inbox and registry are, what it holds, how long it took to make."""

    name: str
    inbox: Path
    registry: Path
    files: int
    rows: int
    hamlets: int
    seconds: float  # generation time (0 when it came from the cache)
    cached: bool = False


@dataclass(frozen=True)
class Recipe:
    """How a data set is made: its communes, hamlets per commune, folders, file sizes, corrections."""

    communes: Callable[[], list[tuple[str, str, int, str, int, str]]]
    hamlets: tuple[int, int] = places.HAMLETS_PER_COMMUNE
    province_folders: bool = True
    communes_per_file: tuple[int, ...] = (4, 6, 8, 10, 15, 30)
    correction_share: float = 0.02


def _province_communes() -> list[tuple[str, str, int, str, int, str]]:
    """Returns the communes of the province-scale data set."""
    return [row for row in places.national_communes() if row[0] == PROVINCE]


def _tiny_communes() -> list[tuple[str, str, int, str, int, str]]:
    """Returns a dozen communes of three provinces: from vietnam-provinces where installed, else built in."""
    if not places.have_national_list():
        return list(places.BUILTIN_COMMUNES)
    codes = {row[4] for row in places.BUILTIN_COMMUNES}
    return [row for row in places.national_communes() if row[4] in codes]


RECIPES = {
    "national": Recipe(places.national_communes),
    "province": Recipe(_province_communes, province_folders=False, communes_per_file=(1, 1, 2, 3),
                       correction_share=0.05),
    "tiny": Recipe(_tiny_communes, hamlets=(2, 3), communes_per_file=(2,), correction_share=0.0),
}  # fmt: skip


def dataset(name: str, data_dir: Path = DATA_DIR, processes: int = 2) -> Dataset:
    """Returns the named data set, generated into data_dir unless a matching one is cached there."""
    target = data_dir / f"{name}-v{GENERATOR_VERSION}-s{SEED}"
    manifest = target / "manifest.json"
    if manifest.exists():
        saved = json.loads(manifest.read_text(encoding="utf-8"))  # paths as they are now: the clone may move
        paths = {"inbox": target / "inbox", "registry": target / "registry.csv"}
        return Dataset(**saved | paths | {"cached": True})
    for stale in data_dir.glob(f"{name}-v*"):  # another version or seed
        shutil.rmtree(stale)
    made = generate(name, target, processes)
    manifest.write_text(json.dumps(asdict(made) | {"inbox": str(made.inbox), "registry": str(made.registry)}))
    return made


def generate(name: str, target: Path, processes: int = 2) -> Dataset:
    """Returns the named data set, written afresh into target (registry.csv and inbox/)."""
    started = time.perf_counter()
    recipe = RECIPES[name]
    if target.exists():
        shutil.rmtree(target)
    communes = places.with_hamlets(recipe.communes(), SEED, recipe.hamlets)
    registry = target / "registry.csv"
    hamlets = places.write_registry(communes, registry)
    plans = plan_inbox(
        communes,
        SEED,
        province_folders=recipe.province_folders,
        communes_per_file=recipe.communes_per_file,
        correction_share=recipe.correction_share,
    )
    rows = write_files(plans, target / "inbox", processes)
    seconds = time.perf_counter() - started
    return Dataset(name, target / "inbox", registry, len(plans), rows, hamlets, round(seconds, 2))


def write_files(plans: list[FilePlan], root: Path, processes: int) -> int:
    """Writes every planned file under root, in `processes` worker processes; returns the data rows."""
    root.mkdir(parents=True, exist_ok=True)
    write = partial(write_file, root=root)
    if processes <= 1:
        return sum(map(write, plans))
    with get_context("fork").Pool(processes) as pool:
        return sum(pool.imap_unordered(write, plans, chunksize=8))
