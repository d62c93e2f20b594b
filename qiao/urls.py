from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from qiao.api import api

# Database or Redis outages answer 503 with Retry-After instead of 500 (docs/deploy.md).
handler500 = "qiao.core.health.server_error"
# JSON under /api/, the 404 page elsewhere.
handler404 = "qiao.core.views.page_not_found"

# Busiest first: Django tries these in order (Explore, at "", before the other "" includes).
urlpatterns = [
    path("api/v1/", api.urls),
    path("", include("qiao.feeds.urls")),
    path("", include("qiao.core.urls")),
    path("admin/", admin.site.urls),
    path("accounts/", include("qiao.accounts.urls")),
    path("notes/", include("qiao.notes.urls")),
    path("", include("qiao.social.urls")),
    path("notifications/", include("qiao.notifications.urls")),
    path("search/", include("qiao.search.urls")),
    path("moderation/", include("qiao.moderation.urls")),
    path("translation/", include("qiao.translation.urls")),
    path("glossary/", include("qiao.slang.urls")),
]

if settings.QIAO_SERVE_MEDIA:
    # Uploaded images are re-encoded on upload (qiao.notes.images), so serving
    # them as files is safe; at scale a web server or S3 bucket serves them.
    urlpatterns += [re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})]
