"""Consumer verification: a consumer's flow as a saga, its fault scenarios and the verdicts.

It owns the saga as data and its executor behind a three-method client protocol (`saga`), F2173
as such a saga (`f2173`), verify-consumer's scenarios, the checks over journal and store that
make a verdict (`verdicts`), their reports and the exploration of fault plans (`explore`). It may
import `kcc_mock.provider` and `kcc_mock.observe`; the HTTP client and the runner that serves
the mock live in `kcc_mock.http`.
"""
