from django.apps import AppConfig


class BenchCountsConfig(AppConfig):
    """Synthetic sample records for ``bench/counts.py`` when no health app declares indicators yet."""

    name = "bench.countsapp"
    label = "bench_counts"
    verbose_name = "Mẫu xét nghiệm giả lập (đo hiệu năng)"
    default_auto_field = "django.db.models.BigAutoField"
    plugs_in = True  # found by core.plugins like a project app (its indicators.py)
