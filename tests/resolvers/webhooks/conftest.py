from tests.webhook_receiver import local_webhooks, receiver

__all__ = ["local_webhooks", "receiver"]
