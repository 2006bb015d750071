"""Scope 3 Category 1: spend-based factor sets and the programme's target, and who sets them.

Procurement admins (the programme owner) import spend-based factor sets and set the target;
reading Scope 3 needs the spend permission (`view_spendline`), as the spend pages do. No factor
set is shipped: no public source of CNY-based factors could be named exactly. Frozen: no app
code.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from suppliers.migrations._grant import grant_group_permissions

# The role permissions as they were when this migration was written (frozen).
PERMISSIONS = {
    "procurement admin": ["assessments.add_spendfactorset", "assessments.add_scope3target"],
}


def grant(apps, schema_editor):
    grant_group_permissions(apps, PERMISSIONS, "assessments")


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0035_spend_imports"),
        ("suppliers", "0002_roles_and_categories"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='SpendFactorSet',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.PositiveIntegerField(unique=True, verbose_name='version')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('period', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='reporting period')),
                ('notes', models.TextField(blank=True, verbose_name='sources and notes')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'spend-based factor set',
                'verbose_name_plural': 'spend-based factor sets',
                'ordering': ['-version'],
            },
        ),
        migrations.CreateModel(
            name='Scope3Target',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('base_period', models.PositiveSmallIntegerField(verbose_name='base period')),
                ('target_year', models.PositiveSmallIntegerField(verbose_name='target year')),
                ('reduction_pct', models.DecimalField(decimal_places=2, max_digits=5, verbose_name='intensity reduction (percent)')),
                ('set_at', models.DateTimeField(auto_now_add=True, verbose_name='set at')),
                ('set_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'Scope 3 target',
                'verbose_name_plural': 'Scope 3 targets',
                'ordering': ['-set_at', '-id'],
                'constraints': [models.CheckConstraint(condition=models.Q(('reduction_pct__gt', 0), ('reduction_pct__lte', 100)), name='scope3_target_reduction_range'), models.CheckConstraint(condition=models.Q(('target_year__gt', models.F('base_period'))), name='scope3_target_after_base')],
            },
        ),
        migrations.CreateModel(
            name='SpendFactor',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('category', models.CharField(max_length=50, verbose_name='category')),
                ('kg_per_cny', models.DecimalField(decimal_places=9, max_digits=18, verbose_name='kgCO2e per CNY')),
                ('source', models.CharField(max_length=300, verbose_name='source')),
                ('base_year', models.PositiveSmallIntegerField(verbose_name='base year')),
                ('factor_set', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='factors', to='assessments.spendfactorset')),
            ],
            options={
                'verbose_name': 'spend-based factor',
                'verbose_name_plural': 'spend-based factors',
                'ordering': ['factor_set', 'category'],
                'constraints': [models.UniqueConstraint(fields=('factor_set', 'category'), name='spend_factor_unique_category'), models.CheckConstraint(condition=models.Q(('kg_per_cny__gte', 0)), name='spend_factor_not_negative')],
            },
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
