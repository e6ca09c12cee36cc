/** French names, company names and free-text snippets the generator draws from. */

export const PRENOMS_M = [
  'Jean', 'Pierre', 'Michel', 'André', 'Philippe', 'Alain', 'Bernard', 'Christophe', 'Patrick', 'Nicolas',
  'Laurent', 'Frédéric', 'Stéphane', 'Sébastien', 'Olivier', 'David', 'Éric', 'Thierry', 'Pascal', 'Julien',
  'Guillaume', 'Maxime', 'Antoine', 'Romain', 'Alexandre', 'Vincent', 'François', 'Benoît', 'Jérôme', 'Florian',
  'Hugo', 'Louis', 'Lucas', 'Mathieu', 'Adrien', 'Clément', 'Damien', 'Yannick', 'Gilles', 'Didier',
  'Raphaël', 'Théo', 'Baptiste', 'Cédric', 'Fabien', 'Loïc', 'Mehdi', 'Samir', 'Yves', 'Bruno',
] as const;

export const PRENOMS_F = [
  'Marie', 'Nathalie', 'Isabelle', 'Sylvie', 'Catherine', 'Françoise', 'Christine', 'Sandrine', 'Valérie', 'Céline',
  'Stéphanie', 'Sophie', 'Aurélie', 'Julie', 'Émilie', 'Camille', 'Laura', 'Claire', 'Anne', 'Hélène',
  'Chantal', 'Monique', 'Martine', 'Brigitte', 'Véronique', 'Virginie', 'Élodie', 'Mélanie', 'Caroline', 'Pauline',
  'Léa', 'Manon', 'Chloé', 'Sarah', 'Inès', 'Charlotte', 'Lucie', 'Margaux', 'Agnès', 'Josiane',
  'Odile', 'Audrey', 'Laetitia', 'Karine', 'Nadia', 'Fatima', 'Amandine', 'Delphine', 'Florence', 'Mireille',
] as const;

export const NOMS = [
  'Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau',
  'Simon', 'Laurent', 'Lefebvre', 'Michel', 'Garcia', 'David', 'Bertrand', 'Roux', 'Vincent', 'Fournier',
  'Mercier', 'Blanc', 'Guérin', 'Boyer', 'Garnier', 'Chevalier', 'Legrand', 'Gauthier', 'Robin', 'Clément',
  'Morin', 'Nicolas', 'Henry', 'Roussel', 'Mathieu', 'Masson', 'Marchand', 'Duval', 'Denis', 'Dumont',
  'Lemaire', 'Noël', 'Meyer', 'Dufour', 'Meunier', 'Brun', 'Blanchard', 'Giraud', 'Joly', 'Rivière',
  'Brunet', 'Gaillard', 'Barbier', 'Arnaud', 'Martinez', 'Gérard', 'Roche', 'Renard', 'Roy', 'Colin',
  'Vidal', 'Caron', 'Picard', 'Fabre', 'Aubert', 'Lemoine', 'Renaud', 'Dumas', 'Lacroix', 'Olivier',
  'Bourgeois', 'Benoît', 'Leclerc', 'Rolland', 'Fontaine', 'Mermillod', 'Duparc', 'Bouvier', 'Chappaz', 'Burnier',
  'Pollet', 'Vulliet', 'Jacquier', 'Berthod', 'Tissot', 'Mermoud', 'Bochet', 'Gay', 'Jacquet', 'Dunand',
  'Paccard', 'Rosset', 'Chatel', 'Cochet', 'Descombes', 'Pernet', 'Déage', 'Tochon', 'Vittoz', 'Burnet',
  'Excoffier', 'Mugnier', 'Pollier', 'Bozon', 'Cottet', 'Veyrat', 'Lathuille', 'Métral', 'Baud', 'Carrier',
  'Donzel', 'Gruffat', 'Bétemps', 'Avrillon', 'Curt', 'Haddad', 'Nguyen', 'Da Silva', 'Ferreira', 'Lopez',
  'Rossi', 'Bianchi', 'Yilmaz', 'Diallo', 'Mansour', 'Kaci', 'Pereira', 'Costa', 'Muller', 'Schmitt',
] as const;

export const LIEUX = [
  'du Lac', 'des Aravis', 'du Semnoz', 'de la Tournette', 'du Parmelan', 'des Marquisats', 'du Pâquier', 'du Thiou',
  'du Vieil Annecy', 'des Alpes', 'du Mont-Blanc', 'Bellevue', 'des Glières', 'du Fier', 'des Bauges', 'du Salève',
] as const;

/** `{nom}` = a surname, `{lieu}` = a local place name. */
export const COMPANY_PATTERNS = [
  'Boulangerie {nom}', 'Garage {nom}', 'Menuiserie {nom}', 'Cabinet dentaire {nom}', 'Restaurant {lieu}',
  'Hôtel {lieu}', 'Pharmacie {lieu}', 'SCI {lieu}', 'Copropriété Résidence {lieu}', 'Fromagerie {nom}',
  'Boucherie {nom}', 'Camping {lieu}', 'Auto-école {lieu}', 'Cabinet {nom} et Associés', 'Crèche {lieu}',
  '{nom} Immobilier', 'Brasserie {lieu}', 'Fleuriste {nom}', 'Cave {lieu}', 'Librairie {lieu}',
  'Salle de sport {lieu}', 'École privée {lieu}', 'Supérette {lieu}', 'Atelier {nom}', 'Transports {nom}',
] as const;

export const EMAIL_DOMAINS = ['gmail.com', 'orange.fr', 'free.fr', 'sfr.fr', 'laposte.net', 'wanadoo.fr', 'hotmail.fr', 'yahoo.fr'] as const;

export const MOTIFS_RECLAMATION = [
  'Retard du technicien sans prévenir',
  'Dépassement de durée facturé',
  'Panne non résolue, il faut revenir',
  'Chantier laissé sale',
  'Facture contestée',
  "Délai d'intervention trop long",
  'Rendez-vous annulé au dernier moment',
] as const;

export const MOTIFS_RESILIATION = {
  insatisfaction: 'Insatisfaction du service',
  delais: "Délais d'intervention trop longs",
  prix: 'Prix jugé trop élevé',
  concurrence: 'Passage à la concurrence',
  demenagement: 'Déménagement hors secteur',
  cessation: "Cessation d'activité",
} as const;

export const COMMENTAIRES_POSITIFS = [
  'Très professionnel, merci !',
  'Technicien ponctuel et efficace.',
  'Travail propre et bien expliqué.',
  'Rien à redire, parfait.',
  'Intervention rapide, technicien très aimable.',
  'Explications claires sur le tableau, merci.',
] as const;

export const COMMENTAIRES_NEGATIFS = [
  'Le technicien ne connaissait pas bien le matériel.',
  'Pas très soigneux, des traces dans le couloir.',
  "Peu d'explications sur ce qui a été fait.",
  'Trop long pour une intervention simple.',
] as const;

export const COMMENTAIRES_DELAI_NEGATIFS = [
  "Trois semaines d'attente, c'est long.",
  'Arrivé avec une heure de retard sans prévenir.',
  'Rendez-vous décalé deux fois.',
] as const;

export const COMMENTAIRES_PROBLEME_NEGATIFS = [
  'Le problème est revenu deux jours après.',
  'Le disjoncteur saute encore.',
  'Il faut une deuxième visite, pièce manquante.',
  'Le chauffage ne fonctionne toujours pas correctement.',
] as const;

export const SUGGESTIONS = [
  "Prévenir par SMS 30 minutes avant l'arrivée.",
  'Proposer des créneaux le samedi matin.',
  'Envoyer la facture par e-mail.',
  'Pouvoir prendre rendez-vous en ligne plus facilement.',
  'Avoir un numéro direct du technicien.',
  'Donner une estimation du prix avant de commencer.',
] as const;

/** Portal request descriptions by speciality. */
export const DESCRIPTIONS_PORTAIL: Record<string, readonly string[]> = {
  Tableau: ['Le disjoncteur général saute plusieurs fois par jour.', 'Contrôle annuel du tableau à programmer.', 'Odeur de brûlé près du tableau électrique.'],
  VMC: ['La VMC fait un bruit anormal.', "Entretien de la VMC à prévoir avant l'été.", "Plus d'aspiration dans la salle de bain."],
  Chauffage: ['Un radiateur ne chauffe plus.', 'Le thermostat ne répond plus.', 'Entretien de la pompe à chaleur.'],
  Domotique: ['Installer des volets roulants connectés.', 'La box domotique ne pilote plus le chauffage.'],
  Éclairage: ["Plusieurs spots LED ne s'allument plus.", "L'éclairage extérieur reste allumé."],
  IRVE: ['Pose d’une borne de recharge au garage.', 'La borne de recharge affiche un défaut.'],
};
