"""Property (issue 12): no sequence of actions on the screens gives a task a second seed without a 局领导's recorded
approval — whoever clicks, in whatever order, on stale screens, with mistyped lottery numbers."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from fazhi.core.clock import at_moment
from fazhi.core.models import User
from fazhi.inspections.choices import ReplacementStatus
from fazhi.inspections.models import Draw, DrawSeed, InspectionTask, SeedReplacement
from fazhi.inspections.tests.factories import FROZEN_AT, NUMBERS, make_world
from fazhi.registry.models import Department

USERS = ("chief", "chief2", "leader", "leader2", "officer", "auditor", "outsider")
ACTIONS = st.one_of(
    st.tuples(st.just("freeze"), st.sampled_from(USERS), st.sampled_from(["secret", "lottery"]), st.booleans()),
    st.tuples(st.just("enter"), st.sampled_from(USERS), st.sampled_from([NUMBERS, "01 02 03"]), st.booleans()),
    st.tuples(st.just("request"), st.sampled_from(USERS), st.just(""), st.booleans()),
    st.tuples(st.just("decide"), st.sampled_from(USERS), st.sampled_from(["approve", "refuse"]), st.booleans()),
    st.tuples(st.just("commit"), st.sampled_from(USERS), st.sampled_from(["secret", "lottery"]), st.booleans()),
    st.tuples(st.just("draw"), st.sampled_from(USERS), st.just(""), st.booleans()),
)


class SeedProperty(TestCase):
    def world(self):
        office = Department.objects.create(code="ZGZ", name="张贵庄市场监管所", kind="office")
        other = Department.objects.create(code="WX", name="万新市场监管所", kind="office")

        def user(name: str, role: str, dept: Department) -> User:
            return User.objects.create_user(username=name, password="pw-secret-123", role=role, department=dept)

        users = {
            "chief": user("chief", "section_chief", office),
            "chief2": user("chief2", "section_chief", office),
            "leader": user("leader", "leader", office),
            "leader2": user("leader2", "leader", office),
            "officer": user("officer", "officer", office),
            "auditor": user("auditor", "auditor", office),
            "outsider": user("outsider", "section_chief", other),
        }
        return make_world(office, users["chief"], entities=6, officers=3, size=2), users

    @settings(
        max_examples=30,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(st.lists(ACTIONS, min_size=1, max_size=12))
    def test_没有局领导批准就不会出现第二个种子(self, actions):
        world, users = self.world()
        task = world.task
        moment = FROZEN_AT
        for action, who, arg, stale in actions:
            moment += dt.timedelta(hours=5)  # lottery draws named at a freeze take place 2 hours later
            current = InspectionTask.objects.get(pk=task.pk)
            version = current.revision - (1 if stale else 0)
            self.client.force_login(users[who])
            kwargs = {"pk": task.pk}
            if action in ("freeze", "commit"):
                name = "inspections:task_freeze" if action == "freeze" else "inspections:seed_commit"
                data = {"revision": version, "seed_kind": arg}
                if arg == "lottery":
                    data |= {"lottery_source": "中国福利彩票双色球第2023045期开奖号码"}
                    data |= {"lottery_draw_at": (moment + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")}
            elif action == "enter":
                name, data = "inspections:seed_value", {"value": arg}
            elif action == "request":
                name, data = "inspections:replacement_request", {"reason": "开奖期号公告有误，需要更换"}
            elif action == "decide":
                name, data = "inspections:replacement_decide", {"decision": arg, "note": "审批意见已记录"}
            else:
                name, data = "inspections:task_draw", {"revision": version}
            with at_moment(moment):
                response = self.client.post(reverse(name, kwargs=kwargs), data)
            assert response.status_code in (302, 403, 404), (action, who, response.status_code)
            self.check(task)

    def check(self, task: InspectionTask) -> None:
        seeds = list(DrawSeed.objects.filter(task=task).order_by("id"))
        approvals = list(
            SeedReplacement.objects.filter(task=task, status=ReplacementStatus.APPROVED).select_related("decided_by")
        )
        # Every approval was a 局领导's, not the requester's, recorded with its time.
        for approval in approvals:
            assert approval.decided_by is not None and approval.decided_by.role == "leader"
            assert approval.decided_by_id != approval.requested_by_id and approval.decided_at is not None
        assert len(seeds) <= 1 + len(approvals)
        assert sum(s.superseded_at is None for s in seeds) <= 1
        for seed in seeds[:-1]:  # every earlier seed ended by an approval, and the next one came after it
            assert seed.superseded_at is not None
            approval = seed.replacements.get(status=ReplacementStatus.APPROVED)
            assert approval.new_seed is None or approval.new_seed.announced_at >= approval.decided_at
        used = [d.seed.value for d in Draw.objects.filter(task=task).select_related("seed")]
        assert len(set(used)) <= 1 + len(approvals)
        for d in list(Draw.objects.filter(task=task).order_by("id"))[:-1]:  # all but the latest were superseded
            assert d.superseded_by is not None and d.superseded_by.status == ReplacementStatus.APPROVED
