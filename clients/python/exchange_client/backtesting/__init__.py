"""The backtester's parts (use :mod:`exchange_client.backtest`): ``replay_events`` rebuilds a
market's recorded transactions from its histories, ``matching`` is the replay order book,
``engine`` the simulated-time event loop and ``context`` the strategy's simulated Context."""
