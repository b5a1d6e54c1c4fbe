from django.apps import AppConfig


class DerivedConfig(AppConfig):
    name = "minutebook.derived"
    verbose_name = "Derived copies"

    def ready(self) -> None:
        # The graph's rules name the domain models; connecting them here, after every
        # app is loaded, keeps the domain apps free of any import of this one.
        from minutebook.derived import exempt, rules

        rules.register_all()
        exempt.connect()
