/**
 * Masking of private data (DESIGN §12, §14). Masked forms keep just enough for staff to tell cases apart:
 * 张*, 138****5678, 4301**********1234, the first part of an address, the first two octets of an IP.
 */
export function maskName(name: string | null): string | null {
  if (!name) return name;
  const chars = [...name];
  return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(Math.min(chars.length - 1, 3))}`;
}

export function maskPhone(phone: string | null): string | null {
  if (!phone) return phone;
  const d = phone.replace(/\s+/g, '');
  return d.length >= 7 ? `${d.slice(0, 3)}****${d.slice(-4)}` : '****';
}

export function maskIdNumber(id: string | null): string | null {
  if (!id) return id;
  return id.length >= 8 ? `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}` : '****';
}

export function maskAddress(address: string | null): string | null {
  if (!address) return address;
  const chars = [...address];
  return chars.length <= 6 ? `${chars.slice(0, 2).join('')}****` : `${chars.slice(0, 6).join('')}****`;
}

export function maskIp(ip: string | null): string | null {
  if (!ip) return ip;
  const v4 = /^(\d+)\.(\d+)\.\d+\.\d+$/.exec(ip);
  if (v4) return `${v4[1]}.${v4[2]}.*.*`;
  const parts = ip.split(':');
  return parts.length > 2 ? `${parts.slice(0, 2).join(':')}:****` : '****';
}
