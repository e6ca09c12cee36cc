/**
 * Fixed reference data of the demo: the company depot, the 7 zones around Annecy with their real
 * communes (postal codes, coordinates, street names), the intervention types, the five technicians
 * and the office staff. Everything here is constant; the generator only draws from it.
 */
import type { SPECIALITES } from '../schema.ts';

export type Specialite = (typeof SPECIALITES)[number];

export const COMPANY_DOMAIN = 'duret-electricite.fr';

/**
 * Every technician starts and ends the day at the company depot (one van park, as in most SAV teams of
 * this size), so `base_latitude/base_longitude` is the depot for all of them.
 */
export const DEPOT = {
  nom: 'Dépôt Duret Électricité',
  adresse: '14 route des Creuses',
  code_postal: '74600',
  ville: 'Seynod',
  latitude: 45.8905,
  longitude: 6.0962,
} as const;

export interface Commune {
  readonly ville: string;
  readonly code_postal: string;
  readonly latitude: number;
  readonly longitude: number;
  /** relative share of the zone's clients */
  readonly poids: number;
  /** standard deviation of the scatter around the commune centre, km */
  readonly dispersion_km: number;
  readonly rues: readonly string[];
}

export interface ZoneRef {
  readonly zone_id: number;
  readonly nom_zone: string;
  readonly latitude_centre: number;
  readonly longitude_centre: number;
  readonly rayon_km: number;
  /** relative share of all clients */
  readonly poids: number;
  readonly communes: readonly Commune[];
}

export const ZONES: readonly ZoneRef[] = [
  {
    zone_id: 1,
    nom_zone: 'Annecy Centre',
    latitude_centre: 45.8992,
    longitude_centre: 6.1294,
    rayon_km: 2.5,
    poids: 22,
    communes: [
      {
        ville: 'Annecy',
        code_postal: '74000',
        latitude: 45.8992,
        longitude: 6.1245,
        poids: 1,
        dispersion_km: 1.0,
        rues: [
          'rue Royale', 'rue Sommeiller', 'rue Carnot', 'rue Vaugelas', 'rue Perrière', 'rue Sainte-Claire',
          'avenue de Chevêne', 'avenue de Loverchy', 'avenue de Brogny', 'boulevard du Lycée', 'avenue du Parmelan',
          'rue du Président Favre', 'faubourg des Annonciades', 'rue des Marquisats', 'avenue de Genève',
          'rue de la Gare', 'rue Jean-Jacques Rousseau', 'avenue de Cran', 'avenue du Rhône', 'quai Eustache Chappuis',
          'rue de la Paix', 'avenue de la Plaine',
        ],
      },
    ],
  },
  {
    zone_id: 2,
    nom_zone: 'Annecy-le-Vieux',
    latitude_centre: 45.9197,
    longitude_centre: 6.142,
    rayon_km: 3,
    poids: 16,
    communes: [
      {
        ville: 'Annecy-le-Vieux',
        code_postal: '74940',
        latitude: 45.9197,
        longitude: 6.142,
        poids: 1,
        dispersion_km: 1.2,
        rues: [
          "avenue d'Albigny", 'avenue du Petit Port', 'rue Centrale', 'route de Thônes', 'chemin des Cloches',
          'avenue des Carrés', 'chemin de Chantemerle', 'avenue de Bonatray', 'chemin de la Tour', 'avenue de Novel',
          'chemin des Fins', 'rue du Belvédère',
        ],
      },
    ],
  },
  {
    zone_id: 3,
    nom_zone: 'Seynod',
    latitude_centre: 45.8856,
    longitude_centre: 6.0883,
    rayon_km: 4,
    poids: 16,
    communes: [
      {
        ville: 'Seynod',
        code_postal: '74600',
        latitude: 45.8856,
        longitude: 6.0883,
        poids: 5,
        dispersion_km: 1.5,
        rues: [
          "avenue d'Aix-les-Bains", 'route des Creuses', 'avenue Champ Fleuri', 'route de Vieugy', 'rue de Périaz',
          'avenue de Balmont', 'chemin des Vernes', "rue de l'Arlequin", 'allée des Chênes', 'route de Chaumontet',
        ],
      },
      {
        ville: 'Quintal',
        code_postal: '74600',
        latitude: 45.838,
        longitude: 6.09,
        poids: 1,
        dispersion_km: 0.8,
        rues: ['route du Semnoz', 'chemin des Granges', 'route de la Combe', 'chemin du Crêt'],
      },
    ],
  },
  {
    zone_id: 4,
    nom_zone: 'Cran-Gevrier',
    latitude_centre: 45.903,
    longitude_centre: 6.105,
    rayon_km: 2.5,
    poids: 12,
    communes: [
      {
        ville: 'Cran-Gevrier',
        code_postal: '74960',
        latitude: 45.903,
        longitude: 6.105,
        poids: 1,
        dispersion_km: 1.0,
        rues: [
          'avenue de la République', 'rue Aristide Briand', 'route de Chavaroche', 'rue du Vernay', 'rue de la Fontaine',
          'chemin de la Prairie', 'rue des Terrasses', 'route de Vieugy', 'rue du Fier', 'avenue Germain Perreard',
        ],
      },
    ],
  },
  {
    zone_id: 5,
    nom_zone: 'Annecy Sud (Pringy, Meythet)',
    latitude_centre: 45.9326,
    longitude_centre: 6.1084,
    rayon_km: 4.5,
    poids: 14,
    communes: [
      {
        ville: 'Pringy',
        code_postal: '74370',
        latitude: 45.9465,
        longitude: 6.1236,
        poids: 3,
        dispersion_km: 1.0,
        rues: ['rue de Promery', 'route des Bouvières', 'route de Ferrières', 'chemin de la Cotte', 'route de Pringy'],
      },
      {
        ville: 'Meythet',
        code_postal: '74960',
        latitude: 45.9186,
        longitude: 6.0931,
        poids: 3,
        dispersion_km: 0.9,
        rues: ['route de Frangy', 'rue de Montaubert', 'avenue du Stade', 'rue de la Mairie', 'chemin des Prés'],
      },
      {
        ville: 'Metz-Tessy',
        code_postal: '74370',
        latitude: 45.933,
        longitude: 6.108,
        poids: 2,
        dispersion_km: 0.8,
        rues: ['route de Metz', 'chemin des Salomons', 'route de Tessy', 'allée des Vergers'],
      },
      {
        ville: 'Argonay',
        code_postal: '74370',
        latitude: 45.947,
        longitude: 6.143,
        poids: 1,
        dispersion_km: 0.7,
        rues: ["route d'Argonay", 'chemin du Bois Gentil', 'route de la Fruitière'],
      },
    ],
  },
  {
    zone_id: 6,
    nom_zone: 'Ouest (Sevrier, Talloires)',
    latitude_centre: 45.8525,
    longitude_centre: 6.1775,
    rayon_km: 6,
    poids: 8,
    communes: [
      {
        ville: 'Sevrier',
        code_postal: '74320',
        latitude: 45.864,
        longitude: 6.142,
        poids: 3,
        dispersion_km: 0.8,
        rues: ["route d'Albertville", 'chemin de la Planche', 'route du Port', 'chemin des Fontaines'],
      },
      {
        ville: 'Saint-Jorioz',
        code_postal: '74410',
        latitude: 45.8306,
        longitude: 6.1572,
        poids: 3,
        dispersion_km: 0.8,
        rues: ["route de l'Église", "route d'Albertville", 'chemin du Laudon', 'allée des Pins'],
      },
      {
        ville: 'Talloires',
        code_postal: '74290',
        latitude: 45.841,
        longitude: 6.213,
        poids: 2,
        dispersion_km: 0.6,
        rues: ['route du Port', 'rue André Theuriet', "chemin de l'Abbaye", 'route de Menthon'],
      },
      {
        ville: 'Veyrier-du-Lac',
        code_postal: '74290',
        latitude: 45.8826,
        longitude: 6.1756,
        poids: 2,
        dispersion_km: 0.6,
        rues: ["route d'Annecy", 'chemin des Champs', 'rue de la Tournette'],
      },
      {
        ville: 'Menthon-Saint-Bernard',
        code_postal: '74290',
        latitude: 45.86,
        longitude: 6.195,
        poids: 1,
        dispersion_km: 0.6,
        rues: ['route du Château', 'chemin des Moulins', 'route de la Plage'],
      },
      {
        ville: 'Duingt',
        code_postal: '74410',
        latitude: 45.8275,
        longitude: 6.2011,
        poids: 1,
        dispersion_km: 0.5,
        rues: ['route du Port', 'chemin du Château', 'rue du Vieux Village'],
      },
    ],
  },
  {
    zone_id: 7,
    nom_zone: 'Hors agglomération',
    latitude_centre: 45.884,
    longitude_centre: 6.173,
    rayon_km: 25,
    poids: 12,
    communes: [
      {
        ville: 'Rumilly',
        code_postal: '74150',
        latitude: 45.8667,
        longitude: 5.9436,
        poids: 3,
        dispersion_km: 1.5,
        rues: ['avenue Gantin', 'rue Montpelaz', "place d'Armes", "avenue de l'Aumône", "rue d'Hauteville", "boulevard de l'Europe"],
      },
      {
        ville: 'La Roche-sur-Foron',
        code_postal: '74800',
        latitude: 46.0667,
        longitude: 6.3111,
        poids: 2.5,
        dispersion_km: 1.3,
        rues: ['avenue Charles de Gaulle', 'place Saint-Jean', 'rue des Fours', 'avenue Jean Jaurès'],
      },
      {
        ville: 'Faverges',
        code_postal: '74210',
        latitude: 45.75,
        longitude: 6.2942,
        poids: 1.5,
        dispersion_km: 1.2,
        rues: ["route d'Albertville", 'rue de la Soierie', 'rue Carnot', 'place Marcel Piquand'],
      },
      {
        ville: 'Thônes',
        code_postal: '74230',
        latitude: 45.8817,
        longitude: 6.325,
        poids: 1.5,
        dispersion_km: 1.0,
        rues: ['rue Blanche', 'place Avet', "route d'Annecy", 'rue du Pré de Foire'],
      },
      {
        ville: 'Alby-sur-Chéran',
        code_postal: '74540',
        latitude: 45.8175,
        longitude: 6.0114,
        poids: 0.8,
        dispersion_km: 0.8,
        rues: ['place du Trophée', "route d'Annecy", 'rue du Pont Vieux'],
      },
      {
        ville: 'Cruseilles',
        code_postal: '74350',
        latitude: 46.0333,
        longitude: 6.1083,
        poids: 1,
        dispersion_km: 0.9,
        rues: ["route d'Annecy", 'place de la Mairie', 'route du Salève'],
      },
      {
        ville: 'Doussard',
        code_postal: '74210',
        latitude: 45.775,
        longitude: 6.22,
        poids: 0.7,
        dispersion_km: 0.8,
        rues: ['route de Marlens', 'chemin du Bout du Lac', "route d'Albertville"],
      },
    ],
  },
];

export interface TypeInterventionRef {
  readonly type_intervention_id: number;
  readonly code: string;
  readonly libelle: string;
  readonly specialite_requise: Specialite;
  readonly categorie: 'maintenance' | 'depannage' | 'installation' | 'controle';
  readonly duree_standard_min: number;
  readonly tarif_horaire: number;
  readonly sous_contrat: 0 | 1;
  /** relative frequency */
  readonly poids: number;
  /** monthly multiplier, January first (heating in winter, VMC in spring…) */
  readonly saison?: readonly number[];
}

export const TYPES_INTERVENTION: readonly TypeInterventionRef[] = [
  { type_intervention_id: 1, code: 'TAB-MAINT', libelle: 'Contrôle annuel du tableau électrique', specialite_requise: 'Tableau', categorie: 'maintenance', duree_standard_min: 60, tarif_horaire: 62, sous_contrat: 1, poids: 14 },
  { type_intervention_id: 2, code: 'TAB-DEP', libelle: 'Dépannage tableau (disjonctions, différentiel)', specialite_requise: 'Tableau', categorie: 'depannage', duree_standard_min: 90, tarif_horaire: 68, sous_contrat: 1, poids: 10 },
  { type_intervention_id: 3, code: 'VMC-ENT', libelle: 'Entretien VMC (bouches, moteur, filtres)', specialite_requise: 'VMC', categorie: 'maintenance', duree_standard_min: 45, tarif_horaire: 58, sous_contrat: 1, poids: 10, saison: [0.8, 0.8, 1.2, 1.4, 1.4, 1.1, 0.9, 0.7, 1.1, 1.0, 0.9, 0.7] },
  { type_intervention_id: 4, code: 'CHAUF-ENT', libelle: 'Entretien chauffage électrique / pompe à chaleur', specialite_requise: 'Chauffage', categorie: 'maintenance', duree_standard_min: 60, tarif_horaire: 65, sous_contrat: 1, poids: 9, saison: [1.2, 1.0, 0.8, 0.7, 0.6, 0.5, 0.4, 0.6, 1.4, 2.0, 1.8, 1.3] },
  { type_intervention_id: 5, code: 'CHAUF-DEP', libelle: 'Dépannage chauffage (radiateurs, thermostat, PAC)', specialite_requise: 'Chauffage', categorie: 'depannage', duree_standard_min: 75, tarif_horaire: 68, sous_contrat: 1, poids: 8, saison: [2.3, 2.0, 1.5, 1.0, 0.6, 0.4, 0.3, 0.3, 0.7, 1.4, 2.0, 2.4] },
  { type_intervention_id: 6, code: 'DOMO-INST', libelle: 'Installation et paramétrage domotique', specialite_requise: 'Domotique', categorie: 'installation', duree_standard_min: 120, tarif_horaire: 72, sous_contrat: 0, poids: 4 },
  { type_intervention_id: 7, code: 'ECL-DEP', libelle: 'Dépannage éclairage', specialite_requise: 'Éclairage', categorie: 'depannage', duree_standard_min: 30, tarif_horaire: 58, sous_contrat: 1, poids: 8, saison: [1.3, 1.2, 1.0, 0.9, 0.8, 0.7, 0.7, 0.8, 1.0, 1.1, 1.3, 1.4] },
  { type_intervention_id: 8, code: 'ECL-LED', libelle: 'Rénovation éclairage LED', specialite_requise: 'Éclairage', categorie: 'installation', duree_standard_min: 150, tarif_horaire: 60, sous_contrat: 0, poids: 4 },
  { type_intervention_id: 9, code: 'IRVE-INST', libelle: 'Pose de borne de recharge (IRVE)', specialite_requise: 'IRVE', categorie: 'installation', duree_standard_min: 180, tarif_horaire: 75, sous_contrat: 0, poids: 4 },
  { type_intervention_id: 10, code: 'IRVE-CTRL', libelle: 'Contrôle et maintenance de borne IRVE', specialite_requise: 'IRVE', categorie: 'controle', duree_standard_min: 45, tarif_horaire: 70, sous_contrat: 1, poids: 5 },
];

export interface PersonRef {
  readonly prenom: string;
  readonly nom: string;
}

export interface TechnicienRef extends PersonRef {
  readonly technicien_id: number;
  readonly specialites: readonly Specialite[];
  readonly zone_principale: number;
  readonly anciennete_ans: number;
  readonly telephone: string;
}

/** The five technicians of the team. Every speciality is covered by at least two of them. */
export const TECHNICIENS: readonly TechnicienRef[] = [
  { technicien_id: 1, prenom: 'Gaëtan', nom: 'Morel', specialites: ['Tableau', 'Chauffage', 'Domotique', 'IRVE'], zone_principale: 1, anciennete_ans: 12, telephone: '+33612457801' },
  { technicien_id: 2, prenom: 'Julien', nom: 'Favre', specialites: ['Tableau', 'VMC', 'Chauffage'], zone_principale: 2, anciennete_ans: 8, telephone: '+33623418902' },
  { technicien_id: 3, prenom: 'Karim', nom: 'Benali', specialites: ['Tableau', 'Éclairage', 'IRVE', 'Domotique'], zone_principale: 3, anciennete_ans: 5, telephone: '+33634529103' },
  { technicien_id: 4, prenom: 'Lucas', nom: 'Perrin', specialites: ['VMC', 'Chauffage', 'Éclairage'], zone_principale: 4, anciennete_ans: 3, telephone: '+33645630204' },
  { technicien_id: 5, prenom: 'Thomas', nom: 'Girard', specialites: ['Tableau', 'VMC', 'Éclairage', 'IRVE', 'Domotique'], zone_principale: 5, anciennete_ans: 9, telephone: '+33656741305' },
];

export interface StaffRef extends PersonRef {
  readonly role: 'direction' | 'planning' | 'technical_director';
}

/** The office: the planner, the director and the technical director. */
export const STAFF: readonly StaffRef[] = [
  { prenom: 'Clothilde', nom: 'Martin', role: 'planning' },
  { prenom: 'Marc', nom: 'Duret', role: 'direction' },
  { prenom: 'Philippe', nom: 'Rey', role: 'technical_director' },
];

/** `Gaëtan`, `Morel` → `gaetan.morel@duret-electricite.fr` (lower case, accents stripped, spaces → '-'). */
export function companyEmail(p: PersonRef, suffix = ''): string {
  return `${slug(p.prenom)}.${slug(p.nom)}${suffix}@${COMPANY_DOMAIN}`;
}

/** Lower case ASCII: accents stripped, spaces to '-', anything else but letters, digits, '-' and '.' removed. */
export function slug(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, '-')
    .replace(/[^a-z0-9.-]/g, '');
}
