"""Flask extensions, created here and bound to the app in create_app().

Keeping them in one module means blueprints and services import the same instances without
circular imports, and nothing is configured at import time.
"""

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from crm.models.base import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
# Storage comes from RATELIMIT_STORAGE_URI (Redis in production: memory:// is per process).
limiter = Limiter(key_func=get_remote_address, default_limits=[])
