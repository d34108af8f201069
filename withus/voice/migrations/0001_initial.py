# The voice app's starting point: stories (0002) and ideas (0003) each add their own tables after it.
from django.db import migrations


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = []
