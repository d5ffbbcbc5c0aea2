"""Payment adapters (simulated by default, Stripe in production) behind the payments port,
which arrives with session booking."""
