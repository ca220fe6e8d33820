"""Windows Native Wi-Fi: the current connection of every wireless interface (``wlanapi.dll``).

``WlanQueryInterface(wlan_intf_opcode_current_connection)`` gives the negotiated
authentication and cipher algorithms as numbers, which unlike ``netsh`` output are not
translated. The structures are declared at import time (portable ctypes), but the DLL is only
loaded when the probe is called, so this module imports on every OS.

From Windows 11 24H2 the query fails with ERROR_ACCESS_DENIED (5) unless Location is allowed
for desktop apps; that code is returned, not raised, so the check can explain it.
"""

from __future__ import annotations

import ctypes
from typing import Any

from readiness.probe.types import JSONValue

ERROR_SUCCESS = 0
ERROR_ACCESS_DENIED = 5
ERROR_SERVICE_NOT_ACTIVE = 1062
ERROR_INVALID_STATE = 5023
WLAN_CLIENT_VERSION_2 = 2  # Vista and later
WLAN_INTF_OPCODE_CURRENT_CONNECTION = 7

# WLAN_INTERFACE_STATE (wlanapi.h)
INTERFACE_STATES = {
    0: "not_ready",
    1: "connected",
    2: "ad_hoc_network_formed",
    3: "disconnecting",
    4: "disconnected",
    5: "associating",
    6: "discovering",
    7: "authenticating",
}


class GUID(ctypes.Structure):
    _fields_ = (
        ("Data1", ctypes.c_uint32),
        ("Data2", ctypes.c_uint16),
        ("Data3", ctypes.c_uint16),
        ("Data4", ctypes.c_ubyte * 8),
    )


class WLAN_INTERFACE_INFO(ctypes.Structure):  # names as in the Windows SDK
    _fields_ = (
        ("InterfaceGuid", GUID),
        ("strInterfaceDescription", ctypes.c_wchar * 256),
        ("isState", ctypes.c_uint32),
    )


class WLAN_INTERFACE_INFO_LIST(ctypes.Structure):
    _fields_ = (
        ("dwNumberOfItems", ctypes.c_uint32),
        ("dwIndex", ctypes.c_uint32),
        ("InterfaceInfo", WLAN_INTERFACE_INFO * 1),
    )


class DOT11_SSID(ctypes.Structure):
    _fields_ = (("uSSIDLength", ctypes.c_uint32), ("ucSSID", ctypes.c_ubyte * 32))


class WLAN_ASSOCIATION_ATTRIBUTES(ctypes.Structure):
    _fields_ = (
        ("dot11Ssid", DOT11_SSID),
        ("dot11BssType", ctypes.c_uint32),
        ("dot11Bssid", ctypes.c_ubyte * 6),
        ("dot11PhyType", ctypes.c_uint32),
        ("uDot11PhyIndex", ctypes.c_uint32),
        ("wlanSignalQuality", ctypes.c_uint32),
        ("ulRxRate", ctypes.c_uint32),
        ("ulTxRate", ctypes.c_uint32),
    )


class WLAN_SECURITY_ATTRIBUTES(ctypes.Structure):
    _fields_ = (
        ("bSecurityEnabled", ctypes.c_int32),
        ("bOneXEnabled", ctypes.c_int32),
        ("dot11AuthAlgorithm", ctypes.c_uint32),
        ("dot11CipherAlgorithm", ctypes.c_uint32),
    )


class WLAN_CONNECTION_ATTRIBUTES(ctypes.Structure):
    _fields_ = (
        ("isState", ctypes.c_uint32),
        ("wlanConnectionMode", ctypes.c_uint32),
        ("strProfileName", ctypes.c_wchar * 256),
        ("wlanAssociationAttributes", WLAN_ASSOCIATION_ATTRIBUTES),
        ("wlanSecurityAttributes", WLAN_SECURITY_ATTRIBUTES),
    )


def _api() -> Any:
    # WinDLL exists only on Windows; looked up by name so this module type-checks everywhere.
    win_dll = getattr(ctypes, "WinDLL")  # noqa: B009 (absent from non-Windows stubs)
    dll = win_dll("wlanapi.dll")
    handle_t = ctypes.c_void_p
    dll.WlanOpenHandle.argtypes = (
        ctypes.c_uint32, ctypes.c_void_p, ctypes.POINTER(ctypes.c_uint32),
        ctypes.POINTER(handle_t),
    )
    dll.WlanOpenHandle.restype = ctypes.c_uint32
    dll.WlanCloseHandle.argtypes = (handle_t, ctypes.c_void_p)
    dll.WlanCloseHandle.restype = ctypes.c_uint32
    dll.WlanEnumInterfaces.argtypes = (
        handle_t, ctypes.c_void_p, ctypes.POINTER(ctypes.POINTER(WLAN_INTERFACE_INFO_LIST)),
    )
    dll.WlanEnumInterfaces.restype = ctypes.c_uint32
    dll.WlanQueryInterface.argtypes = (
        handle_t, ctypes.POINTER(GUID), ctypes.c_uint32, ctypes.c_void_p,
        ctypes.POINTER(ctypes.c_uint32), ctypes.POINTER(ctypes.c_void_p),
        ctypes.POINTER(ctypes.c_uint32),
    )
    dll.WlanQueryInterface.restype = ctypes.c_uint32
    dll.WlanFreeMemory.argtypes = (ctypes.c_void_p,)
    dll.WlanFreeMemory.restype = None
    return dll


def _connection(dll: Any, handle: Any, guid: GUID) -> tuple[dict[str, JSONValue] | None, int]:
    size = ctypes.c_uint32(0)
    data = ctypes.c_void_p()
    kind = ctypes.c_uint32(0)
    rc = dll.WlanQueryInterface(
        handle, ctypes.byref(guid), WLAN_INTF_OPCODE_CURRENT_CONNECTION, None,
        ctypes.byref(size), ctypes.byref(data), ctypes.byref(kind),
    )
    if rc != ERROR_SUCCESS:
        return None, int(rc)
    try:
        if size.value < ctypes.sizeof(WLAN_CONNECTION_ATTRIBUTES):
            return None, -1  # shorter than the documented structure: do not read past it
        attrs = ctypes.cast(data, ctypes.POINTER(WLAN_CONNECTION_ATTRIBUTES)).contents
        assoc = attrs.wlanAssociationAttributes
        sec = attrs.wlanSecurityAttributes
        length = min(int(assoc.dot11Ssid.uSSIDLength), 32)
        ssid = bytes(assoc.dot11Ssid.ucSSID[:length]).decode("utf-8", errors="replace")
        return {
            "state_code": int(attrs.isState),
            "ssid": ssid,
            "bss_type": int(assoc.dot11BssType),
            "phy_type": int(assoc.dot11PhyType),
            "security_enabled": bool(sec.bSecurityEnabled),
            "onex_enabled": bool(sec.bOneXEnabled),
            "auth_algorithm": int(sec.dot11AuthAlgorithm),
            "cipher_algorithm": int(sec.dot11CipherAlgorithm),
        }, ERROR_SUCCESS
    finally:
        dll.WlanFreeMemory(data)


def current_connection() -> JSONValue:
    """Every wireless interface with its state and, when connected, its security."""
    dll = _api()
    negotiated = ctypes.c_uint32(0)
    handle = ctypes.c_void_p()
    rc = dll.WlanOpenHandle(WLAN_CLIENT_VERSION_2, None, ctypes.byref(negotiated),
                            ctypes.byref(handle))
    if rc != ERROR_SUCCESS:
        # 1062: the WLAN AutoConfig service is not running, so no Wi-Fi is managed by Windows.
        return {"api": "wlanapi", "open_error": int(rc)}
    try:
        ifaces = ctypes.POINTER(WLAN_INTERFACE_INFO_LIST)()
        rc = dll.WlanEnumInterfaces(handle, None, ctypes.byref(ifaces))
        if rc != ERROR_SUCCESS:
            return {"api": "wlanapi", "enum_error": int(rc)}
        try:
            count = int(ifaces.contents.dwNumberOfItems)
            array_t = WLAN_INTERFACE_INFO * count
            items = ctypes.cast(ctypes.addressof(ifaces.contents.InterfaceInfo),
                                ctypes.POINTER(array_t)).contents
            found: list[JSONValue] = []
            for info in items:
                state = int(info.isState)
                entry: dict[str, JSONValue] = {
                    "description": str(info.strInterfaceDescription),
                    "state_code": state,
                    "state": INTERFACE_STATES.get(state, "unknown"),
                    "connection": None,
                    "query_error": None,
                }
                if state == 1:  # only a connected interface has a current connection
                    conn, err = _connection(dll, handle, info.InterfaceGuid)
                    entry["connection"] = conn
                    entry["query_error"] = None if err == ERROR_SUCCESS else err
                found.append(entry)
            return {"api": "wlanapi", "interfaces": found}
        finally:
            dll.WlanFreeMemory(ifaces)
    finally:
        dll.WlanCloseHandle(handle, None)
