import datetime as dt
import json

import pytest
from django.core.management import call_command

from fazhi.core.models import Notification

pytestmark = pytest.mark.django_db


def test_提醒可重复运行且不重复通知(register, capsys):
    (c,) = register(received_on=dt.date(2023, 6, 1))  # acceptance due 2023-06-12
    register(received_on=dt.date(2023, 6, 20))  # due later: not reminded on 06-12
    call_command("complaints", "remind", "--date", "2023-06-12", "--json")
    first = json.loads(capsys.readouterr().out)
    assert first["due"] == 1 and first["created"] == 1 and first["items"][0]["state"] == "today"
    call_command("complaints", "remind", "--date", "2023-06-12", "--json")
    again = json.loads(capsys.readouterr().out)
    assert again["due"] == 1 and again["created"] == 0
    assert Notification.objects.filter(user=register.officer, kind="complaints.due").count() == 1
    call_command("complaints", "remind", "--date", "2023-06-13", "--json")
    later = json.loads(capsys.readouterr().out)
    assert later["items"][0]["state"] == "overdue" and later["created"] == 1


def test_提醒命令的文字输出和错误日期(register, capsys):
    import pytest as _pytest
    from django.core.management.base import CommandError

    register(received_on=dt.date(2023, 6, 1))
    call_command("complaints", "remind", "--date", "2023-06-12")
    assert "新发提醒 1 条" in capsys.readouterr().out
    with _pytest.raises(CommandError):
        call_command("complaints", "remind", "--date", "2023-13-01")
