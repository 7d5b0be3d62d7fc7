// Secrets for tests that check none leaks.

/**
 * Raw configuration with every secret FRR's configuration can carry (the
 * keywords of FRR's own daemons: vty, bgpd, ldpd, pimd, isisd, ospfd,
 * ospf6d, ripd, nhrpd, pathd, key chains), each value distinct and findable.
 */
export const RAW_SECRETS: Array<[line: string, secret: string]> = [
  ['password Vty-s3cret-1', 'Vty-s3cret-1'],
  ['enable password 8 Enc-s3cret-2', 'Enc-s3cret-2'],
  [' neighbor 10.0.0.7 password Bgp-s3cret-3', 'Bgp-s3cret-3'],
  [' neighbor 10.0.0.8 password Ldp-s3cret-4', 'Ldp-s3cret-4'],
  [' msdp peer 10.0.0.9 password Msdp-s3cret-5', 'Msdp-s3cret-5'],
  [' area-password md5 Isis-s3cret-6 authenticate snp validate', 'Isis-s3cret-6'],
  [' domain-password clear Isis-s3cret-7', 'Isis-s3cret-7'],
  [' isis password md5 Isis-s3cret-8', 'Isis-s3cret-8'],
  [' ip ospf authentication-key Ospf-s3cret-9', 'Ospf-s3cret-9'],
  [' ip ospf message-digest-key 1 md5 Ospf-s3cret-10', 'Ospf-s3cret-10'],
  [' area 0 virtual-link 10.1.1.1 message-digest-key 2 md5 Ospf-s3cret-11', 'Ospf-s3cret-11'],
  [' area 0 virtual-link 10.1.1.2 authentication-key Ospf-s3cret-12', 'Ospf-s3cret-12'],
  [' ipv6 ospf6 authentication key-id 3 hash-algo hmac-sha-256 key Ospf6-s3cret-13', 'Ospf6-s3cret-13'],
  ['  key-string Chain-s3cret-14', 'Chain-s3cret-14'],
  [' ip rip authentication string Rip-s3cret-15', 'Rip-s3cret-15'],
  [' ip nhrp authentication Nhrp-s3cret-16', 'Nhrp-s3cret-16'],
  ['   tcp-md5-auth Pcep-s3cret-17', 'Pcep-s3cret-17'],
];
