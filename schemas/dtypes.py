"""Column types of the schemas.

`Text` is pandera's `str` checked in one vectorised call: pandera checks `str` element by element and
formats its (empty) failure cases even when every value passes, which was a fifth of a run's time.
"""

from __future__ import annotations

import pandas as pd
from pandera import dtypes
from pandera.engines import pandas_engine


@pandas_engine.Engine.register_dtype
@dtypes.immutable
class Text(pandas_engine.NpString):
    """Python strings; missing values pass here and are judged by the field's `nullable`."""

    def check(self, pandera_dtype: dtypes.DataType, data_container: object = None) -> bool:
        if data_container is None:
            return bool(super().check(pandera_dtype))
        assert isinstance(data_container, pd.Series | pd.Index)
        # as pandera's str: strings or missing values, whatever the column's dtype (all missing is float)
        kind = pd.api.types.infer_dtype(data_container, skipna=True)
        return kind in ("string", "empty") or bool(data_container.isna().all())
