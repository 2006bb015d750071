"""gunicorn's settings for GreenGate: `gunicorn -c config/gunicorn.py config.wsgi ...`.

The control socket (gunicornc) goes under the app's own var folder (GREENGATE_VAR_DIR), not the
per-user default ($XDG_RUNTIME_DIR/gunicorn.ctl or ~/.gunicorn/gunicorn.ctl), which every
gunicorn of the same user on the host shares: a second instance took over the first one's socket.
Unix socket paths are limited to about 100 bytes; if the var folder's path is longer, gunicorn
logs a warning and runs without a control socket. Every other setting stays on the command line.
"""

import os
from pathlib import Path

_var_dir = Path(
    os.environ.get("GREENGATE_VAR_DIR") or Path(__file__).resolve().parent.parent / "var"
)
control_socket = str(_var_dir.resolve() / "gunicorn.ctl")
