"""Images in an article's text (from Word imports); editors manage them like the rest."""

import django.db.models.deletion
import assets.images
import assets.renditions
import assets.uploads
from django.db import migrations, models

from core.migration_helpers import granting


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0013_workflow_permissions'),
    ]

    operations = [
        migrations.CreateModel(
            name='ArticleImage',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('image', models.ImageField(height_field='height', help_text='JPEG, PNG, WebP or GIF, at most 10 MB.', upload_to=assets.uploads.UploadPath('articles/body'), validators=[assets.images.validate_image], width_field='width')),
                ('width', models.PositiveIntegerField(blank=True, editable=False, null=True)),
                ('height', models.PositiveIntegerField(blank=True, editable=False, null=True)),
                ('image_renditions', models.JSONField(blank=True, default=dict, editable=False)),
                ('alt', models.CharField(blank=True, help_text='Describe what the image shows for readers who cannot see it. Saving it here also sets it on the image in the text.', max_length=500, verbose_name='alt text')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='images', to='articles.article')),
            ],
            options={
                'verbose_name': 'image in the text',
                'verbose_name_plural': 'images in the text',
                'ordering': ['pk'],
            },
            bases=(assets.renditions.RenditionsMixin, models.Model),
        ),
        migrations.RunPython(*granting("Editors", "articles", models=["articleimage"])),
    ]
