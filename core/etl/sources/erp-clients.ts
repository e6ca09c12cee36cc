import { z } from 'zod';
import { CLIENT_TYPES, LANGUES, SEGMENTS } from '../../warehouse/schema.ts';
import { bool, email, int, num, oneOf, opt, phone, reference, req, text } from '../fields.ts';
import { known, upsertSpec, validate } from '../spec.ts';
import { RowError } from '../types.ts';

const schema = z.object({
  source_ref: req(text(64)),
  client_id: opt(int({ min: 1 })),
  nom: req(text(120)),
  prenom: opt(text(80)),
  type: req(oneOf(CLIENT_TYPES)),
  segment: req(oneOf(SEGMENTS)),
  adresse: req(text(200)),
  code_postal: req(text(10)),
  ville: req(text(80)),
  latitude: req(num({ min: -90, max: 90 })),
  longitude: req(num({ min: -180, max: 180 })),
  zone: opt(reference()),
  telephone: opt(phone()),
  email: opt(email()),
  langue: opt(oneOf(LANGUES)),
  sms_opt_out: opt(bool()),
});

/** ERP clients → dim_clients (derived columns — contract state, counts, churn — are left to refreshAggregates). */
export const erpClients = upsertSpec({
  name: 'clients',
  required: ['source_ref', 'nom', 'type', 'segment', 'adresse', 'code_postal', 'ville', 'latitude', 'longitude'],
  aliases: {
    source_ref: ['client_ref', 'ref_client', 'numero_client', 'code_client', 'ref'],
    type: ['type_client'],
    code_postal: ['cp'],
    latitude: ['lat'],
    longitude: ['lon', 'lng'],
    zone: ['zone_id', 'nom_zone'],
    telephone: ['tel', 'phone', 'portable'],
  },
  plan({ refs }, data) {
    const { zone, ...v } = validate(this, schema, data);
    const zone_id = known(zone) ? refs.zone(zone) : refs.nearestZone(v.latitude, v.longitude);
    if (zone_id === null) throw new RowError('zone: not given, and dim_zones holds no zone to derive it from the coordinates');
    return { table: 'dim_clients', key: 'source_ref', row: { ...v, zone_id } };
  },
});
