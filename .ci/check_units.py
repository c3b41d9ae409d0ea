"""Fallback for .ci/check_deploy where systemd-analyze is not installed: a narrower check of systemd unit
files than `systemd-analyze verify`, not a replacement for it. It reads each file as systemd does (sections,
`Key=value`, comments, backslash continuation lines) and fails on a line outside a section, an unknown
section, a key systemd does not know in that section (from the systemd.unit/.service/.exec/.kill/.resource-
control/.timer/.socket man pages, the keys a web service commonly uses), a bad value of a key with a fixed
set of values, and an Exec* command that is not an absolute path.

Usage: python .ci/check_units.py deploy/systemd/*.service
"""

import sys
from pathlib import Path

UNIT = {
    "Description", "Documentation", "Wants", "Requires", "Requisite", "BindsTo", "PartOf", "Upholds",
    "Conflicts", "Before", "After", "OnFailure", "OnSuccess", "PropagatesReloadTo", "ReloadPropagatedFrom",
    "JoinsNamespaceOf", "RequiresMountsFor", "StopWhenUnneeded", "RefuseManualStart", "RefuseManualStop",
    "AllowIsolate", "DefaultDependencies", "StartLimitIntervalSec", "StartLimitBurst", "StartLimitAction",
    "ConditionPathExists", "AssertPathExists", "SourcePath",
}
EXEC = {
    "WorkingDirectory", "RootDirectory", "User", "Group", "DynamicUser", "SupplementaryGroups", "UMask",
    "Environment", "EnvironmentFile", "PassEnvironment", "StandardInput", "StandardOutput", "StandardError",
    "SyslogIdentifier", "LimitNOFILE", "LimitNPROC", "Nice", "PrivateTmp", "PrivateDevices", "PrivateNetwork",
    "ProtectSystem", "ProtectHome", "ProtectKernelTunables", "ProtectKernelModules", "ProtectControlGroups",
    "NoNewPrivileges", "ReadWritePaths", "ReadOnlyPaths", "InaccessiblePaths", "StateDirectory",
    "CacheDirectory", "LogsDirectory", "RuntimeDirectory", "ConfigurationDirectory", "RuntimeDirectoryMode",
    "StateDirectoryMode", "CapabilityBoundingSet", "AmbientCapabilities", "RestrictAddressFamilies",
    "RestrictNamespaces", "LockPersonality", "MemoryDenyWriteExecute", "SystemCallFilter",
    "SystemCallArchitectures", "ProtectHostname", "ProtectClock", "ProtectKernelLogs", "RestrictRealtime",
    "RestrictSUIDSGID", "RemoveIPC", "TimeoutSec",
}
KILL = {"KillMode", "KillSignal", "SendSIGKILL", "SendSIGHUP", "FinalKillSignal", "TimeoutStopFailureMode"}
RESOURCES = {"MemoryMax", "MemoryHigh", "CPUQuota", "TasksMax", "CPUWeight", "IOWeight", "Slice"}
SERVICE = EXEC | KILL | RESOURCES | {
    "Type", "ExitType", "RemainAfterExit", "GuessMainPID", "PIDFile", "BusName", "ExecStart", "ExecStartPre",
    "ExecStartPost", "ExecCondition", "ExecReload", "ExecStop", "ExecStopPost", "RestartSec", "TimeoutStartSec",
    "TimeoutStopSec", "TimeoutAbortSec", "RuntimeMaxSec", "WatchdogSec", "Restart", "RestartPreventExitStatus",
    "RestartForceExitStatus", "SuccessExitStatus", "NotifyAccess", "Sockets", "OOMPolicy",
}
TIMER = {"OnActiveSec", "OnBootSec", "OnStartupSec", "OnUnitActiveSec", "OnUnitInactiveSec", "OnCalendar",
         "AccuracySec", "RandomizedDelaySec", "Persistent", "WakeSystem", "RemainAfterElapse", "Unit"}
SOCKET = EXEC | KILL | {"ListenStream", "ListenDatagram", "Accept", "SocketUser", "SocketGroup", "SocketMode",
                        "Service", "Backlog"}
INSTALL = {"Alias", "WantedBy", "RequiredBy", "Also", "DefaultInstance"}
SECTIONS = {".service": {"Unit": UNIT, "Service": SERVICE, "Install": INSTALL},
            ".timer": {"Unit": UNIT, "Timer": TIMER, "Install": INSTALL},
            ".socket": {"Unit": UNIT, "Socket": SOCKET, "Install": INSTALL}}
BOOLEAN = {"1", "yes", "y", "true", "t", "on", "0", "no", "n", "false", "f", "off"}
VALUES = {
    "Type": {"simple", "exec", "forking", "oneshot", "dbus", "notify", "notify-reload", "idle"},
    "Restart": {"no", "always", "on-success", "on-failure", "on-abnormal", "on-abort", "on-watchdog"},
    "NotifyAccess": {"none", "main", "exec", "all"},
    "KillMode": {"control-group", "mixed", "process", "none"},
    "ProtectSystem": BOOLEAN | {"full", "strict"},
    "ProtectHome": BOOLEAN | {"read-only", "tmpfs"},
    **{key: BOOLEAN for key in ("PrivateTmp", "NoNewPrivileges", "PrivateDevices", "RemainAfterExit",
                                "Persistent", "DefaultDependencies", "DynamicUser", "Accept")},
}


def logical_lines(text):
    """(line number, line) with comments dropped and backslash continuations joined, as systemd reads them."""
    pending, start = "", 0
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not pending and (not line or line[0] in "#;"):
            continue
        if pending and line[:1] in ("#", ";"):
            continue  # a comment inside a continued line is skipped
        if not pending:
            start = number
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        yield start, pending + line
        pending = ""
    if pending:
        yield start, pending


def check(path):
    sections = SECTIONS.get(path.suffix)
    if sections is None:
        return [f"{path}: not a .service, .timer or .socket file"]
    problems, section, seen = [], None, set()
    for number, line in logical_lines(path.read_text()):
        where = f"{path}:{number}"
        if line.startswith("["):
            if not line.endswith("]"):
                problems.append(f"{where}: bad section header {line!r}")
                continue
            section = line[1:-1]
            seen.add(section)
            if section not in sections:
                problems.append(f"{where}: unknown section [{section}]")
            continue
        if section is None:
            problems.append(f"{where}: {line!r} is outside any section")
            continue
        key, sep, value = line.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or not key:
            problems.append(f"{where}: not a Key=value line: {line!r}")
        elif section in sections and key not in sections[section]:
            problems.append(f"{where}: unknown key {key!r} in [{section}]")
        elif key in VALUES and value.lower() not in VALUES[key]:
            problems.append(f"{where}: {key}={value!r} is not one of {sorted(VALUES[key])}")
        elif key.startswith("Exec") and key != "ExecSearchPath" and not value.lstrip("-@:+!").startswith("/"):
            problems.append(f"{where}: {key} must start with an absolute path: {value!r}")
    main = {".service": "Service", ".timer": "Timer", ".socket": "Socket"}[path.suffix]
    if main not in seen:
        problems.append(f"{path}: no [{main}] section")
    if path.suffix == ".service" and "ExecStart=" not in path.read_text():
        problems.append(f"{path}: no ExecStart")
    return problems


def main(paths):
    problems = [p for path in paths for p in check(Path(path))]
    for problem in problems:
        print(problem, file=sys.stderr)
    for path in paths:
        if not any(p.startswith(f"{path}") for p in problems):
            print(f"{path}: sections, keys and values ok (python check, not systemd-analyze)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
