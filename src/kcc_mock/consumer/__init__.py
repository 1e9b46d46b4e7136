"""Consumer verification: a consumer's flow as data and as a saga, its fault scenarios and the verdicts.

It owns flows as data (`flows`: the flow files, the built-in ones among them, their schema, the
loader and how a flow becomes a saga), the saga and its executor behind a small client protocol
(`saga_data`, `saga`), F2173's library face (`f2173`), verify-consumer's scenarios generated from
a flow, the store held against a flow (`outcome`), the checks over journal and store that make a
verdict (`verdicts`), their reports (`verdict_report`; `verdict_html` draws each run) and the
exploration of fault plans (`explore`). It may import
`kcc_mock.provider` and `kcc_mock.observe`; the HTTP client and the runner that serves the mock
live in `kcc_mock.http`.
"""
