"""Bounces and spam reports: mailings skip addresses whose mail failed or who complained."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('newsletter', '0003_topics_live_in_taxonomy'),
    ]

    operations = [
        migrations.AddField(
            model_name='subscriber',
            name='bounced_at',
            field=models.DateTimeField(blank=True, help_text='When mail to this address failed for good. Nothing is sent to it until an editor says sending works again.', null=True, verbose_name='bounced'),
        ),
        migrations.AddField(
            model_name='subscriber',
            name='complained_at',
            field=models.DateTimeField(blank=True, help_text="When the reader's mail provider told us they marked our email as spam. Nothing more is sent to them.", null=True, verbose_name='reported as spam'),
        ),
        migrations.AddField(
            model_name='subscriber',
            name='delivery_problem',
            field=models.CharField(blank=True, help_text='What the last bounce or spam report said.', max_length=200),
        ),
    ]
