import json
from decimal import Decimal

from django.core.management.base import BaseCommand

from fazhi.core.metrics import METRICS, compute_all, format_value


class Command(BaseCommand):
    help = "计算年度报告的全部已注册指标"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--json", action="store_true", help='输出 {"metric.id": value, …}')
        parser.add_argument("--only", default=None, help="只计算以此前缀开头的指标，如 registry.")

    def handle(self, *args, year, **options):
        values = compute_all(year, only=options["only"])
        if options["json"]:
            out = {
                k: (
                    float(v)
                    if isinstance(v, Decimal) and v != v.to_integral_value()
                    else (int(v) if isinstance(v, Decimal) else v)
                )
                for k, v in values.items()
            }
            self.stdout.write(json.dumps(out, ensure_ascii=False, sort_keys=True))
            return
        width = max((len(k) for k in values), default=10)
        for key, value in values.items():
            m = METRICS[key]
            self.stdout.write(f"{key.ljust(width)}  {format_value(m, value):>16}  {m.label}")
