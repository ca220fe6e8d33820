"""Windows: the default sound output and its form factor, through Core Audio.

``IMMDeviceEnumerator::GetDefaultAudioEndpoint(eRender, role)`` gives the default output for
the console role (what apps use by default) and the communications role (what call apps may
use); each endpoint's property store gives ``PKEY_AudioEndpoint_FormFactor``
({1da5d803-d492-4edd-8c23-e0c0ffee7f0e},0, the value Windows also keeps in the registry under
``MMDevices\\Audio\\Render\\{id}\\Properties``) and ``PKEY_Device_FriendlyName``
({a45c254e-df1c-4efd-8020-67d146a850e0},14). The form factor is Microsoft's documented
``EndpointFormFactor`` enumeration (mmdeviceapi.h):

=====  ============================  ==========================
value  name                          counts as headphones
=====  ============================  ==========================
0      RemoteNetworkDevice           no
1      Speakers                      no
2      LineLevel                     no
3      Headphones                    yes
4      Microphone                    no (not an output)
5      Headset                       yes
6      Handset                       yes (held to the ear)
7      UnknownDigitalPassthrough     no
8      SPDIF                         no
9      DigitalAudioDisplayDevice     no (a monitor or TV)
10     UnknownFormFactor             no
=====  ============================  ==========================

Bluetooth headphones report Headphones (stereo) or Headset (hands-free), so they need no rule
of their own; a Bluetooth speaker reports Speakers and does not count. The C# is compiled by
``Add-Type`` (no administrator rights); its double quotes are written ``~`` so the command line
carries none.
"""

from __future__ import annotations

from checks import powershell, powershell_json
from checks.headphones.model import Finding, Output
from readiness.check import CheckContext

FORM_FACTORS = {
    0: "a network audio device", 1: "speakers", 2: "a line-level output", 3: "headphones",
    4: "a microphone", 5: "a headset", 6: "a handset", 7: "a digital pass-through output",
    8: "an S/PDIF output", 9: "a display or TV", 10: "an output of unknown type",
}
FORM_NAMES = {
    0: "RemoteNetworkDevice", 1: "Speakers", 2: "LineLevel", 3: "Headphones", 4: "Microphone",
    5: "Headset", 6: "Handset", 7: "UnknownDigitalPassthrough", 8: "SPDIF",
    9: "DigitalAudioDisplayDevice", 10: "UnknownFormFactor",
}
HEADPHONE_FORMS = frozenset({3, 5, 6})
ROLES = {"console": 0, "communications": 2}

_CSHARP = (
    "using System; using System.Runtime.InteropServices; namespace ReadinessAudio { "
    "[StructLayout(LayoutKind.Sequential)] public struct PKey { public Guid f; public int p; } "
    "[StructLayout(LayoutKind.Sequential)] public struct PVar { public ushort vt; "
    "public ushort r1; public ushort r2; public ushort r3; public IntPtr a; public IntPtr b; } "
    "[ComImport, Guid(~886d8eeb-8cf2-4446-8d02-cdba1dbdcf99~), "
    "InterfaceType(ComInterfaceType.InterfaceIsIUnknown)] interface IPropertyStore { "
    "[PreserveSig] int GetCount(out int c); [PreserveSig] int GetAt(int i, out PKey k); "
    "[PreserveSig] int GetValue(ref PKey k, out PVar v); } "
    "[ComImport, Guid(~D666063F-1587-4E43-81F1-B948E807363F~), "
    "InterfaceType(ComInterfaceType.InterfaceIsIUnknown)] interface IMMDevice { "
    "[PreserveSig] int Activate(ref Guid i, int c, IntPtr p, "
    "[MarshalAs(UnmanagedType.IUnknown)] out object o); "
    "[PreserveSig] int OpenPropertyStore(int a, out IPropertyStore s); "
    "[PreserveSig] int GetId([MarshalAs(UnmanagedType.LPWStr)] out string id); } "
    "[ComImport, Guid(~A95664D2-9614-4F35-A746-DE8DB63617E6~), "
    "InterfaceType(ComInterfaceType.InterfaceIsIUnknown)] interface IMMDeviceEnumerator { "
    "[PreserveSig] int EnumAudioEndpoints(int f, int m, out IntPtr d); "
    "[PreserveSig] int GetDefaultAudioEndpoint(int f, int r, out IMMDevice d); } "
    "[ComImport, Guid(~BCDE0395-E52F-467C-8E3D-C4579291692E~)] class MMDeviceEnumerator { } "
    "public class Endpoint { public string Id; public string Name; public long FormFactor; } "
    "public static class Probe { "
    "static PVar Get(IPropertyStore s, string g, int p) { PKey k = new PKey(); "
    "k.f = new Guid(g); k.p = p; PVar v; Marshal.ThrowExceptionForHR(s.GetValue(ref k, out v)); "
    "return v; } "
    "public static Endpoint Default(int role) { "
    "IMMDeviceEnumerator e = (IMMDeviceEnumerator)(new MMDeviceEnumerator()); IMMDevice d; "
    "int hr = e.GetDefaultAudioEndpoint(0, role, out d); "
    "if (hr == unchecked((int)0x80070490)) { return null; } Marshal.ThrowExceptionForHR(hr); "
    "Endpoint r = new Endpoint(); string id; Marshal.ThrowExceptionForHR(d.GetId(out id)); "
    "r.Id = id; IPropertyStore s; Marshal.ThrowExceptionForHR(d.OpenPropertyStore(0, out s)); "
    "PVar ff = Get(s, ~1da5d803-d492-4edd-8c23-e0c0ffee7f0e~, 0); "
    "r.FormFactor = ff.vt == 19 ? (long)(ff.a.ToInt64() & 0xFFFFFFFFL) : -1; "
    "PVar nm = Get(s, ~a45c254e-df1c-4efd-8020-67d146a850e0~, 14); "
    "r.Name = nm.vt == 31 ? Marshal.PtrToStringUni(nm.a) : ~~; return r; } } }"
)
DEFAULT_OUTPUT_SCRIPT = (
    "$ErrorActionPreference = 'Stop'; "
    "[Console]::OutputEncoding = [System.Text.Encoding]::UTF8; "
    f"Add-Type -TypeDefinition ('{_CSHARP}'.Replace('~', [string][char]34)); "
    "$out = @(foreach ($r in @(@('console', 0), @('communications', 2))) { "
    "$e = [ReadinessAudio.Probe]::Default($r[1]); if ($e -ne $null) { "
    "[pscustomobject]@{ role = $r[0]; id = $e.Id; name = $e.Name; "
    "formFactor = $e.FormFactor } } }); "
    "ConvertTo-Json -InputObject $out -Compress"
)
METHOD = ("Core Audio default output endpoints (console and communications roles) and their "
          "form factor (PKEY_AudioEndpoint_FormFactor)")


def output_of(name: str, form: int) -> Output:
    kind = FORM_FACTORS.get(form, f"form factor {form}")
    label = FORM_NAMES.get(form, "not a known value")
    return Output(name or "(unnamed output)", kind, form in HEADPHONE_FORMS,
                  f"form factor {form} ({label})")


def parse_default_outputs(text: str) -> tuple[Output, ...] | None:
    """The console default first, then the communications default; an empty tuple when the
    computer has no sound output; None when the output is not what the script prints."""
    items = powershell_json.records(text)
    if items is None:
        return None
    by_role: dict[str, Output] = {}
    for item in items:
        role, name, form = item.get("role"), item.get("name"), item.get("formFactor")
        if role not in ROLES or role in by_role or not isinstance(name, str):
            return None
        if isinstance(form, bool) or not isinstance(form, int):
            return None
        by_role[role] = output_of(name.strip(), form)
    if by_role and "console" not in by_role:
        return None
    return tuple(by_role[r] for r in ROLES if r in by_role)


def gather(ctx: CheckContext) -> Finding:
    res = ctx.run(powershell.command(DEFAULT_OUTPUT_SCRIPT), timeout=30, encoding="utf-8")
    outputs = parse_default_outputs(res.stdout) if res.ok else None
    if outputs is None:
        return Finding(problem=res.problem() or "the Core Audio answer was not recognised",
                       method=METHOD)
    if not outputs:
        return Finding(problem="Windows reports no sound output", method=METHOD)
    return Finding(outputs, method=METHOD)
