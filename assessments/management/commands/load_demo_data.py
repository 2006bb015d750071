"""Demo users and suppliers, for trying GreenGate out. Idempotent: a second run adds nothing."""

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from assessments.campaigns.models import fiscal_year_start
from core import roles
from suppliers import services
from suppliers.models import Category, Supplier, SupplierMembership
from suppliers.validators import uscc_check_character

DEMO_PASSWORD = "greengate-demo"
DEMO_CAMPAIGN = "FY demo: supplier environmental assessment"

DEMO_USERS = [
    ("admin", roles.PROCUREMENT_ADMIN, True),
    ("officer", roles.PROCUREMENT_OFFICER, False),
    ("reviewer", roles.REVIEWER, False),
    ("approver", roles.APPROVER, False),
    ("auditor", roles.AUDITOR, False),
]

# (legal name, English name, country, category, contact, city)
DEMO_SUPPLIERS = [
    (
        "杭州绿源物流有限公司",
        "Hangzhou Lvyuan Logistics Co., Ltd.",
        "CN",
        "logistics",
        "王芳",
        "杭州",
    ),
    ("上海云帆传媒有限公司", "Shanghai Yunfan Media Co., Ltd.", "CN", "media", "李静", "上海"),
    ("北京星河会展服务有限公司", "Beijing Xinghe Events Co., Ltd.", "CN", "events", "张伟", "北京"),
    (
        "深圳恒信工程建设有限公司",
        "Shenzhen Hengxin Engineering Co., Ltd.",
        "CN",
        "engineering",
        "陈磊",
        "深圳",
    ),
    (
        "广州数智办公设备有限公司",
        "Guangzhou Shuzhi Office IT Co., Ltd.",
        "CN",
        "office_it",
        "刘洋",
        "广州",
    ),
    (
        "成都安洁物业服务有限公司",
        "Chengdu Anjie Property Services Co., Ltd.",
        "CN",
        "services",
        "杨敏",
        "成都",
    ),
    (
        "苏州清风环保科技有限公司",
        "Suzhou Qingfeng Environmental Tech Co., Ltd.",
        "CN",
        "services",
        "赵强",
        "苏州",
    ),
    (
        "武汉长江速运有限公司",
        "Wuhan Changjiang Express Co., Ltd.",
        "CN",
        "logistics",
        "周杰",
        "武汉",
    ),
    ("南京金陵印务有限公司", "Nanjing Jinling Printing Co., Ltd.", "CN", "media", "吴婷", "南京"),
    (
        "西安丝路活动策划有限公司",
        "Xi'an Silk Road Event Planning Co., Ltd.",
        "CN",
        "events",
        "孙丽",
        "西安",
    ),
    (
        "青岛海润机电工程有限公司",
        "Qingdao Hairun M&E Engineering Co., Ltd.",
        "CN",
        "engineering",
        "马超",
        "青岛",
    ),
    ("厦门鹭岛信息技术有限公司", "Xiamen Ludao IT Co., Ltd.", "CN", "office_it", "黄蓉", "厦门"),
    (
        "香港翠林物流有限公司",
        "Green Forest Logistics (HK) Limited",
        "HK",
        "logistics",
        "Chan Tai Man",
        "Hong Kong",
    ),
    (
        "澳門藍海會展有限公司",
        "Blue Ocean Events (Macao) Limited",
        "MO",
        "events",
        "Wong Ka Yan",
        "Macao",
    ),
    (
        "台灣綠能資訊股份有限公司",
        "Green Energy Information Co., Ltd.",
        "TW",
        "office_it",
        "林志明",
        "Taipei",
    ),
    ("Nordlicht Medien GmbH", "Nordlicht Medien GmbH", "DE", "media", "Anna Schmidt", "Hamburg"),
    (
        "Lion City Freight Pte. Ltd.",
        "Lion City Freight Pte. Ltd.",
        "SG",
        "logistics",
        "Tan Wei Ling",
        "Singapore",
    ),
    (
        "Pacific Build Engineering Inc.",
        "Pacific Build Engineering Inc.",
        "US",
        "engineering",
        "John Miller",
        "Seattle",
    ),
]


def demo_uscc(index: int) -> str:
    """A well-formed demo Unified Social Credit Code (valid check character, fictitious number)."""
    first_17 = f"913301{index:02d}MA2D{index:04d}X8"[:17]
    first_17 = first_17.replace("X", "K")
    return first_17 + uscc_check_character(first_17)


class Command(BaseCommand):
    help = "Load demo users and suppliers (idempotent)."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        users = self._users()
        officer = users["officer"]
        categories = {category.slug: category for category in Category.objects.all()}
        created = 0
        for index, (name, name_en, country, category, contact, city) in enumerate(DEMO_SUPPLIERS):
            code = demo_uscc(index) if country == "CN" else f"{country}-{100000 + index}"
            if Supplier.objects.filter(country=country, registration_code=code).exists():
                continue
            services.supplier_create(
                created_by=officer,
                name=name,
                name_en=name_en,
                country=country,
                registration_code=code,
                category=categories[category],
                contact_name=contact,
                contact_email=f"contact{index + 1}@supplier{index + 1}.example.com",
                contact_phone=f"+86 571 8800 {index:04d}" if country == "CN" else "",
                sites=[
                    {
                        "name": f"{city} {'总部' if country == 'CN' else 'head office'}",
                        "address": f"{city} {index + 1}",
                        "country": country,
                    }
                ],
            )
            created += 1
        supplier = Supplier.objects.get(country="CN", registration_code=demo_uscc(0))
        supplier_user = self._user("supplier", group=None)
        SupplierMembership.objects.get_or_create(
            user=supplier_user, defaults={"supplier": supplier}
        )
        launched = self._campaign(officer)
        answered = self._answers(users, supplier_user, supplier)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready ({created} suppliers added, {launched} assessments launched, "
                f"{answered} answered)."
            )
        )

    def _campaign(self, officer: Any) -> int:
        """A launched demo campaign on the default questionnaire, if it is loaded."""
        from assessments.campaigns.services import campaign_create, campaign_launch
        from assessments.models import Campaign, QuestionnaireVersion

        version = (
            QuestionnaireVersion.objects.filter(
                questionnaire__code="supplier-esg-environment", status="published"
            )
            .order_by("-number")
            .first()
        )
        if version is None:
            return 0
        campaign = Campaign.objects.filter(name=DEMO_CAMPAIGN).first()
        if campaign is None:
            start = fiscal_year_start()
            campaign = campaign_create(
                name=DEMO_CAMPAIGN,
                questionnaire_version=version,
                period_start=start,
                period_end=start.replace(year=start.year + 1) - datetime.timedelta(days=1),
                due_on=timezone.localdate() + datetime.timedelta(days=60),
                created_by=officer,
                supplier_filters={"status": "active"},
            )
        return campaign_launch(campaign=campaign, launched_by=officer).assessments_created

    def _answers(self, users: dict[str, Any], supplier_user: Any, supplier: Supplier) -> int:
        """Four demo suppliers answer: two approved, one submitted, one half way (once only)."""
        from assessments.management.demo import demo_assessments
        from assessments.models import Assessment

        assessments = sorted(
            Assessment.objects.filter(campaign__name=DEMO_CAMPAIGN).select_related("supplier"),
            key=lambda assessment: (assessment.supplier_id != supplier.pk, assessment.pk),
        )
        return demo_assessments(
            assessments=assessments,
            supplier_user=supplier_user,
            reviewer=users["reviewer"],
            approver=users["approver"],
        )

    def _users(self) -> dict[str, Any]:
        users = {}
        for username, group, is_superuser in DEMO_USERS:
            users[username] = self._user(username, group=group, is_superuser=is_superuser)
        return users

    def _user(self, username: str, *, group: str | None, is_superuser: bool = False) -> Any:
        user_model = get_user_model()
        user, created = user_model.objects.get_or_create(
            username=username,
            defaults={
                "email": f"{username}@greengate.example.com",
                "is_superuser": is_superuser,
                "is_staff": is_superuser,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        if group:
            user.groups.add(Group.objects.get(name=group))
        return user
