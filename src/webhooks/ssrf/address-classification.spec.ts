import { classifyAddress, isGlobalAddress } from './address-classification';

describe('classifyAddress', () => {
  it.each([
    '0.0.0.0',
    '0.1.2.3',
    '10.0.0.1',
    '100.64.0.1',
    '100.127.255.255',
    '127.0.0.1',
    '127.255.255.254',
    '169.254.169.254',
    '172.16.0.1',
    '172.31.255.255',
    '192.0.0.8',
    '192.0.2.1',
    '192.168.1.1',
    '198.18.0.1',
    '198.19.255.255',
    '198.51.100.7',
    '203.0.113.9',
    '224.0.0.1',
    '239.255.255.250',
    '240.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    '[::1]',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    'fe80::1%eth0',
    'febf::1',
    'fec0::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '::ffff:169.254.169.254',
    '[::ffff:192.168.0.1]',
    '64:ff9b::7f00:1',
    '64:ff9b::a00:1',
    '2002:7f00:1::',
    '2002:c0a8:101::1',
    '::127.0.0.1',
    '2001:db8::1',
    '2001::1',
    '100::1',
    '4000::1',
    '::2',
  ])('refuses %s', (address) => {
    const verdict = classifyAddress(address);
    expect(verdict.global).toBe(false);
    if (!verdict.global) expect(verdict.reason.length).toBeGreaterThan(0);
  });

  it.each([
    '93.184.216.34',
    '8.8.8.8',
    '1.1.1.1',
    '100.63.255.255',
    '100.128.0.1',
    '172.15.255.255',
    '172.32.0.1',
    '192.167.1.1',
    '198.20.0.1',
    '223.255.255.255',
    '2606:4700:4700::1111',
    '2a00:1450:4001:80b::200e',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '2002:808:808::1',
  ])('accepts %s', (address) => {
    expect(isGlobalAddress(address)).toBe(true);
  });

  it('refuses what is not an IP address', () => {
    expect(classifyAddress('localhost').global).toBe(false);
    expect(classifyAddress('1.2.3').global).toBe(false);
    expect(classifyAddress('1.2.3.256').global).toBe(false);
  });

  it('names the kind of address it refused', () => {
    expect(classifyAddress('127.0.0.1')).toEqual({ global: false, reason: '127.0.0.1 is a loopback address' });
    expect(classifyAddress('::ffff:10.1.2.3')).toMatchObject({ global: false, reason: expect.stringContaining('private') });
  });
});
