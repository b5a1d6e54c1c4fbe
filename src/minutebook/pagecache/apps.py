from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PageCacheConfig(AppConfig):
    name = "minutebook.pagecache"
    label = "pagecache"
    verbose_name = "Public page cache"

    def ready(self) -> None:
        from minutebook.pagecache.triggers import install_after_migrate

        # Once per migrate (and per flush, which re-emits post_migrate), after every
        # app's tables exist: tables added by future migrations get their triggers too.
        post_migrate.connect(install_after_migrate, sender=self, dispatch_uid="pagecache")
