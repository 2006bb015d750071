"""The code of conduct becomes part of each questionnaire version; acknowledgements say which.

Versions get their code as text in English and Chinese. A published version whose content is
the shipped default questionnaire as it was before (its hash is DEFAULT_HASH) gets the default
code, and with it the hash of its new content (NEW_HASH: the code is content and the hash
covers it, see `definitions.canonical_content`), so loading the default again finds it. Every
other version keeps an empty code and its hash. Acknowledgements recorded before are taken as
acknowledging the code of their assessment's version. Frozen: no app code.
"""

import django.db.models.deletion
from django.db import migrations, models

# The content hash of the default questionnaire before versions carried a code of conduct.
DEFAULT_HASH = "d0771592019c7e29f48015a3dbd612c6196ba5d95fa93d985e74eeac852cb29c"
NEW_HASH = "f03b86e51634952d468d8689174c55e1d015cb3247a7b9d757dc6c2cedaa6801"

CODE_EN = (
    "This code sets out what we expect of our suppliers in six environmental areas. We "
    "recommend that every supplier follows its guidance in all of its operations, and we "
    "assess suppliers' environmental performance against it to uphold business integrity, "
    "information disclosure and sound risk management. Each area has clear standards; the "
    "questionnaire asks about the areas in turn, and your answers and documents show how you "
    "meet them.\n"
    "\n"
    "1. Environmental permits and reporting\n"
    "\n"
    "Obtain, and keep valid, every environmental permit, registration and approval your sites"
    " need, such as a pollutant discharge permit or registration, the approval of the "
    "environmental impact assessment and its completion acceptance, and follow their "
    "conditions. Report to the authorities as your permits and the law require, keep the "
    "records behind what you report, correct any violation promptly and tell us about "
    "penalties or rectification orders. Have a written environmental policy, a person "
    "accountable for environmental compliance and, ideally, an environmental management "
    "system such as ISO 14001.\n"
    "\n"
    "2. Pollution prevention and resource conservation\n"
    "\n"
    "Prevent pollution at its source and use energy, water, materials, packaging and paper "
    "efficiently. Identify your significant environmental aspects, set measurable reduction "
    "targets, track what you consume and put efficiency measures in place. Prefer renewable "
    "electricity, recycled or certified materials, reusable packaging and build materials, "
    "and products designed to last.\n"
    "\n"
    "3. Hazardous substances and waste\n"
    "\n"
    "Identify the hazardous substances you use or store and keep an up-to-date inventory with"
    " their safety data sheets. Label and store them and their wastes as the regulations "
    "require, with secondary containment where needed. Hand hazardous waste only to licensed "
    "carriers and treatment facilities and keep the transfer records. Reduce, reuse and "
    "recycle other waste, cut single-use plastics, make sure the products you supply meet "
    "restricted-substance rules, and have data-bearing devices destroyed and recycled "
    "securely by licensed recyclers.\n"
    "\n"
    "4. Greenhouse-gas emissions\n"
    "\n"
    "Measure your Scope 1 and Scope 2 greenhouse-gas emissions every year, and Scope 3 where "
    "you can, with a recognised method such as the GHG Protocol or ISO 14064-1 and with "
    "primary activity data wherever possible. Set reduction targets, draw up and carry out an"
    " action plan to meet them, and report gross emissions, before any offsets.\n"
    "\n"
    "5. Water\n"
    "\n"
    "Know where your water comes from, how much you use and where it goes, above all at sites"
    " in water-stressed areas. Save and reuse water and set targets for it. Treat and monitor"
    " wastewater as your permit or the applicable standards require before it is discharged, "
    "and keep pollution out of stormwater drains.\n"
    "\n"
    "6. Air emissions\n"
    "\n"
    "Identify your sources of air emissions, such as boilers, processes, vehicles and "
    "refrigeration. Monitor regulated emissions, keep them within the limits of your permits "
    "and the applicable standards, and install and maintain the control equipment they need. "
    "Stop using ozone-depleting substances, plan the phase-out of HCFC refrigerants, prevent "
    "refrigerant leaks and choose low-VOC inks, paints, coatings and adhesives."
)

CODE_ZH = (
    "本准则说明我们在六个环境领域对供应商的期望。我们建议每一家供应商在全部经营活"
    "动中遵循本准则的指导，并据此评估供应商的环境表现，以落实商业诚信、信息披露和"
    "风险管理的要求。每个领域都有清晰的标准；问卷按领域逐项提问，贵公司的回答和文"
    "件将说明如何满足这些标准。\n"
    "\n"
    "1. 环境许可及报告\n"
    "\n"
    "取得并持续保持经营场所所需的各项环境许可、登记和批复（如排污许可证或排污登记"
    "、环评批复及竣工环保验收），并遵守其中的要求。按照许可和法律要求向主管部门报"
    "告，保存所报信息的原始记录，及时整改违规问题，并告知我们所受的行政处罚或责令"
    "整改。制定书面环境方针，明确环境合规负责人，并建议建立环境管理体系（如 IS"
    "O 14001）。\n"
    "\n"
    "2. 预防污染和节约资源的措施要求\n"
    "\n"
    "从源头预防污染，高效利用能源、水、原材料、包装和纸张。识别重要环境因素，设定"
    "可量化的减量目标，跟踪资源消耗并落实节能降耗措施。优先使用可再生能源电力、再"
    "生或认证材料、可循环使用的包装和搭建材料，以及经久耐用的产品。\n"
    "\n"
    "3. 有害物质及废弃物质的系统性识别、标记和管理\n"
    "\n"
    "识别所使用或储存的有害物质，建立并及时更新配有安全技术说明书（SDS）的清单"
    "。按法规要求对有害物质及其废物进行标识和贮存，必要时设置二次围堵。危险废物只"
    "交由具备资质的运输和处置单位，并保存转移记录。对其他废物减量、再利用和回收，"
    "减少一次性塑料，确保所供产品符合有害物质限制要求，并由具备资质的回收企业安全"
    "销毁和回收数据存储设备。\n"
    "\n"
    "4. 温室气体排放\n"
    "\n"
    "每年采用公认方法（如温室气体核算体系或 ISO 14064-1）核算范围一和"
    "范围二温室气体排放，条件允许时核算范围三，并尽可能采用初级活动数据。设定减排"
    "目标，制定并实施减排行动计划，报告扣除任何碳抵消之前的总排放量。\n"
    "\n"
    "5. 水资源管理\n"
    "\n"
    "了解用水来源、用水量和排水去向，位于水资源压力地区的场所尤应如此。节约用水、"
    "循环用水，并设定节水目标。废水排放前按排污许可或适用标准进行处理和监测，防止"
    "污染物进入雨水管网。\n"
    "\n"
    "6. 废气排放\n"
    "\n"
    "识别废气排放源，如锅炉、生产工艺、车辆和制冷设备。对受管控的排放开展监测，确"
    "保符合排污许可和适用标准的限值，并安装和维护所需的治理设施。停止使用消耗臭氧"
    "层物质，制定含氢氯氟烃（HCFCs）制冷剂的淘汰计划，防止制冷剂泄漏，并选用"
    "低 VOCs 含量的油墨、涂料和胶粘剂。"
)


def default_code(apps, schema_editor):
    QuestionnaireVersion = apps.get_model("assessments", "QuestionnaireVersion")
    QuestionnaireVersion.objects.filter(
        content_hash=DEFAULT_HASH, code_of_conduct_en="", code_of_conduct_zh=""
    ).update(code_of_conduct_en=CODE_EN, code_of_conduct_zh=CODE_ZH, content_hash=NEW_HASH)


def acknowledged_versions(apps, schema_editor):
    Assessment = apps.get_model("assessments", "Assessment")
    Assessment.objects.filter(
        code_acknowledged_at__isnull=False, code_acknowledged_version__isnull=True
    ).update(code_acknowledged_version=models.F("version"))


class Migration(migrations.Migration):
    dependencies = [("assessments", "0028_safe_files")]

    operations = [
        migrations.AddField(
            model_name="questionnaireversion",
            name="code_of_conduct_en",
            field=models.TextField(blank=True, verbose_name="code of conduct (English)"),
        ),
        migrations.AddField(
            model_name="questionnaireversion",
            name="code_of_conduct_zh",
            field=models.TextField(blank=True, verbose_name="code of conduct (Chinese)"),
        ),
        migrations.AddField(
            model_name="assessment",
            name="code_acknowledged_version",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="assessments.questionnaireversion",
                verbose_name="code of conduct version acknowledged",
            ),
        ),
        migrations.RunPython(default_code, migrations.RunPython.noop),
        migrations.RunPython(acknowledged_versions, migrations.RunPython.noop),
    ]
